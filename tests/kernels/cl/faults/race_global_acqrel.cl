/* The global race detector (VGPU_CHECKS=1) honours release/acquire synchronisation (OpenCL C 3.0
 * s6.15.12.3; API s3.3.6.4): group 0 writes data plainly and then publishes a flag, group 1 reads
 * the flag atomically and then the data plainly.  With a release store read by an acquire load the
 * write happens before the read: no race.  With relaxed atomics nothing orders the data: a race.
 * One SM: group 0 runs to its end before group 1 starts, so group 1 always sees the flag (and the
 * report, when there is one, is the same every time). */
/*!
 * env: VGPU_CHECKS=1 VGPU_SMS=1
 * options: -cl-std=CL3.0
 *
 * # message passing with release / acquire: ordered, not reported
 * run release_acquire: message
 *   global: 64
 *   local: 32
 *   arg data: global int[32]
 *   arg flag: global int[1]
 *   arg out: global int[64]
 *   arg rel: int 1
 *   expect out[32:64] = i - 32 + 100
 *   expect flag = 1
 *
 * # the same with relaxed atomics: the data accesses race
 * run relaxed: message
 *   global: 64
 *   local: 32
 *   arg data: global int[32]
 *   arg flag: global int[1]
 *   arg out: global int[64]
 *   arg rel: int 0
 *   expect fault: CL_OUT_OF_RESOURCES "this work-item reads it and work-item global (0,0,0) group (0,0,0) wrote it at line 67, in another work-group"
 *
 * # release and acquire fences around relaxed atomics (s6.15.12.1): ordered
 * run fences: message_fences
 *   global: 64
 *   local: 32
 *   arg data: global int[32]
 *   arg flag: global int[1]
 *   arg out: global int[64]
 *   expect out[32:64] = i - 32 + 200
 *
 * # a lock taken with compare_exchange (acquire) and given back with a release store: the plain
 * # read-modify-write of the counter it guards is ordered, group after group
 * run lock: locked_counter
 *   global: 256
 *   local: 32
 *   arg lock: global int[1]
 *   arg n: global int[1]
 *   expect n = 8
 *   expect lock = 0
 *
 * # the release comes before the data is written: it orders nothing of it, and the read after
 * # the acquire still races (a release does not order what its work-group does after it)
 * run release_too_early: release_first
 *   global: 64
 *   local: 32
 *   arg data: global int[32]
 *   arg flag: global int[1]
 *   arg out: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "in another work-group"
 */
/* spins at most this many times (never with one SM: group 0 has finished) */
#define SPINS 1000000

kernel void message(global int *data, global atomic_int *flag, global int *out, int rel) {
  size_t l = get_local_id(0);
  if (get_group_id(0) == 0) {
    data[l] = (int)l + 100;
    work_group_barrier(CLK_GLOBAL_MEM_FENCE);
    if (l == 0) atomic_store_explicit(flag, 1, rel ? memory_order_release : memory_order_relaxed, memory_scope_device);
  } else {
    int seen = 0;
    for (int s = 0; s < SPINS && !seen; s++)
      seen = atomic_load_explicit(flag, rel ? memory_order_acquire : memory_order_relaxed, memory_scope_device);
    out[get_global_id(0)] = seen ? data[l] : -1;
  }
}

kernel void message_fences(global int *data, global atomic_int *flag, global int *out) {
  size_t l = get_local_id(0);
  if (get_group_id(0) == 0) {
    data[l] = (int)l + 200;
    work_group_barrier(CLK_GLOBAL_MEM_FENCE);
    if (l == 0) {
      atomic_work_item_fence(CLK_GLOBAL_MEM_FENCE, memory_order_release, memory_scope_device);
      atomic_store_explicit(flag, 1, memory_order_relaxed, memory_scope_device);
    }
  } else {
    int seen = 0;
    for (int s = 0; s < SPINS && !seen; s++)
      seen = atomic_load_explicit(flag, memory_order_relaxed, memory_scope_device);
    atomic_work_item_fence(CLK_GLOBAL_MEM_FENCE, memory_order_acquire, memory_scope_device);
    out[get_global_id(0)] = seen ? data[l] : -1;
  }
}

kernel void locked_counter(global atomic_int *lock, global int *n) {
  if (get_local_id(0) != 0) return; /* one work-item per group: lanes of a warp spinning on one
                                       lock would wait for each other */
  for (int s = 0; s < SPINS; s++) {
    int expected = 0;
    if (atomic_compare_exchange_strong_explicit(lock, &expected, 1, memory_order_acquire, memory_order_relaxed,
                                                memory_scope_device)) {
      *n = *n + 1;
      atomic_store_explicit(lock, 0, memory_order_release, memory_scope_device);
      return;
    }
  }
}

kernel void release_first(global int *data, global atomic_int *flag, global int *out) {
  size_t l = get_local_id(0);
  if (get_group_id(0) == 0) {
    if (l == 0) atomic_store_explicit(flag, 1, memory_order_release, memory_scope_device);
    data[l] = (int)l;
  } else {
    int seen = atomic_load_explicit(flag, memory_order_acquire, memory_scope_device);
    out[get_global_id(0)] = seen ? data[l] : -1;
  }
}
