/* VGPU_CHECKS=1 finds data races on global memory (OpenCL 3.0 API s3.3.6, the memory model):
 * conflicting accesses (one at least a write, not both atomic) that nothing orders.  Work-groups
 * of one launch are unordered, so two groups touching a byte with one writing race; inside a group
 * only barrier(CLK_GLOBAL_MEM_FENCE) orders the work-items' global accesses (OpenCL C 3.0 s6.15.8),
 * CLK_LOCAL_MEM_FENCE does not.  One SM, so groups run in order and the report is the same every
 * time: the work-item that comes second reports, naming the first one and its line. */
/*!
 * env: VGPU_CHECKS=1 VGPU_SMS=1
 *
 * # two groups write the same ints
 * run write_write: ww
 *   global: 64
 *   local: 32
 *   arg o: global int[32]
 *   expect fault: CL_OUT_OF_RESOURCES "this work-item writes it and work-item global (0,0,0) group (0,0,0) wrote it at line 98, in another work-group"
 *
 * # group 1 reads what group 0 wrote
 * run write_read: wr
 *   global: 64
 *   local: 32
 *   arg o: global int[32]
 *   arg p: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "this work-item reads it and work-item global (0,0,0) group (0,0,0) wrote it at line 102, in another work-group"
 *
 * # the same report names this work-item and its line too
 * run write_read_here: wr
 *   global: 64
 *   local: 32
 *   arg o: global int[32]
 *   arg p: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "work-item global (32,0,0) local (0,0,0) group (1,0,0)"
 *
 * # work-item l reads what l + 1 wrote, no barrier
 * run intra_group: intra
 *   global: 64
 *   local: 64
 *   arg o: global int[64]
 *   arg p: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "wrote it at line 108, with no barrier(CLK_GLOBAL_MEM_FENCE) in between"
 *
 * # the same with barrier(CLK_GLOBAL_MEM_FENCE): ordered, no race
 * run intra_barrier: intra_barrier
 *   global: 64
 *   local: 64
 *   arg o: global int[64]
 *   arg p: global int[64]
 *   expect p = ((i + 1) % 64) * 3
 *
 * # barrier(CLK_LOCAL_MEM_FENCE) orders no global access
 * run intra_local_fence: intra_local_fence
 *   global: 64
 *   local: 64
 *   arg o: global int[64]
 *   arg p: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "wrote it at line 119, with no barrier(CLK_GLOBAL_MEM_FENCE) in between"
 *
 * # atomics only: no race; 256 work-items add 1 and 2
 * run atomics_only: atomics_only
 *   global: 256
 *   local: 32
 *   arg c: global int[2]
 *   expect c = [256, 512]
 *
 * # group 1 reads plainly what group 0 incremented atomically
 * run atomic_plain: atomic_plain
 *   global: 64
 *   local: 32
 *   arg c: global int[1]
 *   arg p: global int[1]
 *   expect fault: CL_OUT_OF_RESOURCES "work-item global (31,0,0) group (0,0,0) atomically wrote it at line 129, in another work-group"
 *
 * # atomically written, then read after a barrier in the same group: ordered
 * run atomic_barrier_read: atomic_barrier_read
 *   global: 64
 *   local: 64
 *   arg c: global int[1]
 *   arg p: global int[64]
 *   expect c = 64
 *   expect p = 64
 *
 * # a spin lock of atomic_cmpxchg / atomic_xchg: these OpenCL 1.x atomics make only their own
 * # operation atomic and order no other access, so the counter's plain accesses race
 * run cmpxchg_lock: cmpxchg_lock
 *   global: 128
 *   local: 32
 *   arg lock: global int[1]
 *   arg n: global int[1]
 *   expect fault: CL_OUT_OF_RESOURCES "this work-item reads it and work-item global (0,0,0) group (0,0,0) wrote it at line 142, in another work-group"
 *
 * # every work-item of every group stores the same value: a benign "uniform" write
 * run uniform_flag: uniform_flag
 *   global: 128
 *   local: 32
 *   arg f: global int[1]
 *   expect f = 1
 */
kernel void ww(global int *o) {
  o[get_local_id(0)] = (int)get_group_id(0);
}
kernel void wr(global int *o, global int *p) {
  if (get_group_id(0) == 0)
    o[get_local_id(0)] = 7;
  else
    p[get_global_id(0)] = o[get_local_id(0)];
}
kernel void intra(global int *o, global int *p) {
  size_t l = get_local_id(0);
  o[l] = (int)l;
  p[l] = o[(l + 1) % get_local_size(0)];
}
kernel void intra_barrier(global int *o, global int *p) {
  size_t l = get_local_id(0);
  o[l] = (int)l * 3;
  barrier(CLK_GLOBAL_MEM_FENCE);
  p[l] = o[(l + 1) % get_local_size(0)];
}
kernel void intra_local_fence(global int *o, global int *p) {
  size_t l = get_local_id(0);
  o[l] = (int)l * 3;
  barrier(CLK_LOCAL_MEM_FENCE);
  p[l] = o[(l + 1) % get_local_size(0)];
}
kernel void atomics_only(global int *c) {
  atomic_inc(c);
  atomic_add(c + 1, 2);
}
kernel void atomic_plain(global int *c, global int *p) {
  if (get_group_id(0) == 0)
    atomic_inc(c);
  else if (get_local_id(0) == 0)
    p[0] = c[0];
}
kernel void atomic_barrier_read(global int *c, global int *p) {
  atomic_inc(c);
  barrier(CLK_GLOBAL_MEM_FENCE);
  p[get_local_id(0)] = c[0];
}
kernel void cmpxchg_lock(global int *lock, global int *n) {
  if (get_local_id(0) == 0) {
    while (atomic_cmpxchg(lock, 0, 1) != 0)
      ;
    n[0] = n[0] + 1;
    atomic_xchg(lock, 0);
  }
}
kernel void uniform_flag(global int *f) {
  f[0] = 1;
}
