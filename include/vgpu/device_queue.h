/* device_queue.h - the layout of a device command-queue (OpenCL 3.0 s5.2.1, CL_QUEUE_ON_DEVICE) in
 * the device's global memory, shared by the runtime (runtime/device_queue.c, which creates queues
 * and runs what kernels enqueue) and the builtin library (compiler/lib/device_enqueue.cl, whose
 * enqueue_kernel appends records).  Plain macros so that both C and OpenCL C read it: offsets in
 * bytes from the queue's address, which is the queue_t value a kernel holds (docs/device_enqueue.md).
 *
 *   [ header | event slots (VGPU_DQ_EVENT_SIZE each) | record area (the rest of CL_QUEUE_SIZE) ]
 *
 * A kernel appends a record by claiming its bytes with an atomic add on VGPU_DQ_USED; the runtime
 * reads the records after the launch's work-groups have all finished, in claim order, and resets
 * VGPU_DQ_USED.  An event (clk_event_t) is the address of its slot. */
#ifndef VGPU_DEVICE_QUEUE_H
#define VGPU_DEVICE_QUEUE_H

#define VGPU_DQ_MAGIC 0x31514456u /* "VDQ1" */
/* header */
#define VGPU_DQ_MAGIC_OFF 0      /* u32 VGPU_DQ_MAGIC */
#define VGPU_DQ_NEVENTS 4        /* u32 event slots */
#define VGPU_DQ_SIZE 8           /* u64 CL_QUEUE_SIZE */
#define VGPU_DQ_REC_OFF 16       /* u64 where the record area starts */
#define VGPU_DQ_REC_SIZE 24      /* u64 its bytes */
#define VGPU_DQ_USED 32          /* u64 atomic: record bytes claimed (may pass REC_SIZE: full) */
#define VGPU_DQ_EV_OFF 40        /* u64 where the event slots start */
#define VGPU_DQ_EV_NEXT 48       /* u32 atomic: the next slot to try (allocation hint) */
#define VGPU_DQ_MAX_WG 52        /* u32 the device's CL_DEVICE_MAX_WORK_GROUP_SIZE */
#define VGPU_DQ_MAX_ITEMS 56     /* u32 the device's CL_DEVICE_MAX_WORK_ITEM_SIZES (every dimension) */
#define VGPU_DQ_HEADER_SIZE 64

/* an event slot */
#define VGPU_DQ_EVENT_SIZE 48
#define VGPU_DQE_REFS 0          /* i32 atomic: references; 0 = free slot */
#define VGPU_DQE_STATUS 4        /* i32 atomic: CL_SUBMITTED (2), CL_COMPLETE (0) or an error (< 0) */
#define VGPU_DQE_CAPTURE 8       /* u64: capture_event_profiling_info's destination (0: none) */
#define VGPU_DQE_START 16        /* u64 ns: the command started running */
#define VGPU_DQE_END 24          /* u64 ns: its own work-groups ended */
#define VGPU_DQE_COMPLETE 32     /* u64 ns: it and every kernel it enqueued ended (s5.11 COMPLETE) */
#define VGPU_DQE_USER 40         /* u32: a user event (create_user_event) */

/* a record: the header, then u64 local sizes[nlocal], u64 wait events[nwait], the block literal */
#define VGPU_DQR_SIZE 0          /* u32 record bytes (a multiple of 8) */
#define VGPU_DQR_KIND 4          /* u32 VGPU_DQR_KERNEL or VGPU_DQR_MARKER */
#define VGPU_DQR_KERNEL_ID 8     /* u32 the block's kernel: its index in the program + 1 */
#define VGPU_DQR_FLAGS 12        /* u32 kernel_enqueue_flags_t */
#define VGPU_DQR_WORK_DIM 16     /* u32 */
#define VGPU_DQR_NLOCAL 20       /* u32 __local arguments of the block */
#define VGPU_DQR_NWAIT 24        /* u32 events waited for (each holds a reference taken for the record) */
#define VGPU_DQR_BLOCK_SIZE 28   /* u32 bytes of the block literal */
#define VGPU_DQR_OFFSET 32       /* u64[3] global offset */
#define VGPU_DQR_GLOBAL 56       /* u64[3] global size */
#define VGPU_DQR_LOCAL 80        /* u64[3] local size (0 0 0: the implementation chooses) */
#define VGPU_DQR_EVENT 104       /* u64 the event it completes (a reference held for the record), or 0 */
#define VGPU_DQR_HEADER_SIZE 112
#define VGPU_DQR_KERNEL 1
#define VGPU_DQR_MARKER 2

/* The block literal Clang builds (and passes to the block's kernel): {i32 size, i32 align,
 * invoke, captures...}; its invoke field holds the block's kernel id as the compiler lowers a
 * function address (compiler/lower_util.c). */
#define VGPU_BLOCK_INVOKE_OFF 8
#endif
