/* unsupported_api.c - OpenCL 3.0 optional features VirtualGPU devices do not have (shared virtual
 * memory, on-device queues, native kernels), answered as the specification requires for a device without
 * them (and as the CTS "consistency" tests check): CL_DEVICE_SVM_CAPABILITIES and
 * CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES report their absence in device_api.c.  Pipes: pipe_api.c. */
#include "runtime/context.h"

static int valid_queue(cl_command_queue q) { return vgpu_object_is(q, VGPU_QUEUE); }

/* "Returns NULL if ... no devices in context support Shared Virtual Memory." */
void *clSVMAlloc(cl_context context, cl_svm_mem_flags flags, size_t size, cl_uint alignment) {
  (void)flags, (void)size, (void)alignment;
  vgpu_log(VGPU_LOG_DEBUG, "clSVMAlloc: %s", vgpu_object_is(context, VGPU_CONTEXT)
                                                ? "no device supports SVM: returns NULL"
                                                : "not a context: returns NULL");
  return NULL;
}

/* "If no devices in the context support SVM then clSVMFree has no effect." */
void clSVMFree(cl_context context, void *svm_pointer) {
  (void)context, (void)svm_pointer;
}

#define NO_SVM(queue)                                                                             \
  VG_RETURN_IF(!valid_queue(queue), CL_INVALID_COMMAND_QUEUE, "not a command queue");            \
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "the queue's device does not support shared virtual memory")

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
cl_int clEnqueueSVMFree(cl_command_queue command_queue, cl_uint num_svm_pointers, void *svm_pointers[],
                        void(CL_CALLBACK *pfn_free_func)(cl_command_queue, cl_uint, void *[], void *),
                        void *user_data, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                        cl_event *event) {
  NO_SVM(command_queue);
}

cl_int clEnqueueSVMMemcpy(cl_command_queue command_queue, cl_bool blocking_copy, void *dst_ptr,
                          const void *src_ptr, size_t size, cl_uint num_events_in_wait_list,
                          const cl_event *event_wait_list, cl_event *event) {
  NO_SVM(command_queue);
}

cl_int clEnqueueSVMMemFill(cl_command_queue command_queue, void *svm_ptr, const void *pattern,
                           size_t pattern_size, size_t size, cl_uint num_events_in_wait_list,
                           const cl_event *event_wait_list, cl_event *event) {
  NO_SVM(command_queue);
}

cl_int clEnqueueSVMMap(cl_command_queue command_queue, cl_bool blocking_map, cl_map_flags flags,
                       void *svm_ptr, size_t size, cl_uint num_events_in_wait_list,
                       const cl_event *event_wait_list, cl_event *event) {
  NO_SVM(command_queue);
}

cl_int clEnqueueSVMUnmap(cl_command_queue command_queue, void *svm_ptr, cl_uint num_events_in_wait_list,
                         const cl_event *event_wait_list, cl_event *event) {
  NO_SVM(command_queue);
}

cl_int clEnqueueSVMMigrateMem(cl_command_queue command_queue, cl_uint num_svm_pointers,
                              const void **svm_pointers, const size_t *sizes, cl_mem_migration_flags flags,
                              cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                              cl_event *event) {
  NO_SVM(command_queue);
}

/* CL_DEVICE_EXECUTION_CAPABILITIES has no CL_EXEC_NATIVE_KERNEL: "CL_INVALID_OPERATION if the
 * device associated with command_queue cannot execute the native kernel". */
cl_int clEnqueueNativeKernel(cl_command_queue command_queue, void(CL_CALLBACK *user_func)(void *), void *args,
                             size_t cb_args, cl_uint num_mem_objects, const cl_mem *mem_list,
                             const void **args_mem_loc, cl_uint num_events_in_wait_list,
                             const cl_event *event_wait_list, cl_event *event) {
  VG_RETURN_IF(!valid_queue(command_queue), CL_INVALID_COMMAND_QUEUE, "not a command queue");
  VG_RETURN_IF(!user_func, CL_INVALID_VALUE, "user_func is NULL");
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "the device cannot execute native kernels");
}
#pragma GCC diagnostic pop
