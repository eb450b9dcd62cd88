/* pipe.cl - the pipe functions of OpenCL C 3.0 s6.15.17 (feature __opencl_c_pipes): read_pipe and
 * write_pipe with and without a reservation, reserve/commit for a work-item, a work-group and a
 * sub-group, is_valid_reserve_id, get_pipe_num_packets and get_pipe_max_packets.
 *
 * Clang turns each builtin into a call of a C-named function (__read_pipe_2, __reserve_write_pipe,
 * __get_pipe_num_packets_ro, ...) whose last two arguments are the packet's size and alignment;
 * they are defined here, on the pipe's bytes in global memory (include/vgpu/pipe_layout.h), with
 * ordinary loads, stores and atomics: every SM process runs them on the same arena, and the
 * counters, the race checker and the profile see them like any other memory operation.  A pipe
 * value is its arena address and a reserve_id_t its first slot and packet count; the compiler
 * turns the four conversions below into register moves (compiler/lower_pipe.c).
 *
 * The protocol (why it is correct: docs/pipes.md).  Reserving n packets claims the positions
 * [P, P + n) from the side's counter (W for writers, R for readers) with a compare-and-swap, after
 * checking that each of their slots is in the state that side needs: free for a writer (seq = 2p),
 * committed for a reader (seq = 2p + 1).  A slot in an earlier state means the pipe is full
 * (empty): the reservation fails at once, as s6.15.17 requires (pipes never block).  A slot in a
 * later state means P was stale: read it again.  Committing moves each slot to its next state
 * with a release store, so a packet becomes readable only once its writer has committed it, and
 * a slot writable only once its reader has committed (copied the packet out).  The packets of a
 * reservation are contiguous positions, so the reader of position p gets exactly the packet its
 * writer put there: order is kept per position, and nothing is lost or read twice. */
#include "vgpu_intrinsics.h"

#include "subgroup.h"
#include "vgpu/pipe_layout.h"

#ifdef __opencl_c_pipes
/* Reinterpretations, each a register move: the pipe's arena address; a reserve id from its bits
 * and back. */
ulong __vgpu_pipe_ro(read_only pipe int p) VGPU_CONST;
ulong __vgpu_pipe_wo(write_only pipe int p) VGPU_CONST;
reserve_id_t __vgpu_rid(ulong bits) VGPU_CONST;
ulong __vgpu_rid_bits(reserve_id_t id) VGPU_CONST;

#define RO(p) ((__global uchar *)__vgpu_pipe_ro(p))
#define WO(p) ((__global uchar *)__vgpu_pipe_wo(p))
#define INVALID VGPU_PIPE_RID_INVALID
enum side { WRITER = 0, READER = 1 }; /* also the seq offset of the state each side waits for */

typedef volatile __global ulong *word;

static ulong max_packets(__global uchar *b) { return *(__global uint *)(b + VGPU_PIPE_MAX_PACKETS_OFF); }
static ulong packet_size(__global uchar *b) { return *(__global uint *)(b + VGPU_PIPE_PACKET_SIZE_OFF); }
static word seq_of(__global uchar *b, ulong slot) { return (word)(b + VGPU_PIPE_SEQ_OFF) + slot; }
static word counter(__global uchar *b, enum side s) {
  return (word)(b + (s == WRITER ? VGPU_PIPE_WRITE_POS_OFF : VGPU_PIPE_READ_POS_OFF));
}
/* The slot k after slot s (both below max). */
static ulong slot_add(ulong s, ulong k, ulong max) { return s + k >= max ? s + k - max : s + k; }

/* Claims n consecutive positions for side s: the reserve id, or INVALID when the pipe has not n
 * free slots (writer) or n committed packets (reader) next in line. */
static ulong reserve(__global uchar *b, uint n, enum side s) {
  ulong max = max_packets(b);
  if (n == 0 || n > max) return INVALID;
  word pos_p = counter(b, s);
  ulong pos = __atomic_load_n(pos_p, __ATOMIC_RELAXED);
  for (;;) {
    ulong first = pos % max;
    long d = 0;
    /* each slot must be in the state of its position: 2p for a writer, 2p + 1 for a reader; the
     * acquire pairs with the release of the commit that put it there */
    for (uint k = 0; k < n && d == 0; k++)
      d = (long)(__atomic_load_n(seq_of(b, slot_add(first, k, max)), __ATOMIC_ACQUIRE) - (2 * (pos + k) + s));
    if (d < 0) return INVALID;                                    /* full (writer) or empty (reader) */
    if (d > 0) { pos = __atomic_load_n(pos_p, __ATOMIC_RELAXED); continue; } /* another claimed pos */
    if (__atomic_compare_exchange_n(pos_p, &pos, pos + n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
      return first | (ulong)n << 32;
    /* lost the race: pos holds the counter's new value, check again from there */
  }
}

/* Moves every slot of reservation id to its next state: a written packet becomes readable
 * (2p -> 2p + 1), a read slot becomes free for the next round (2p + 1 -> 2(p + max)). */
static void commit(__global uchar *b, ulong id, enum side s) {
  ulong max = max_packets(b), first = (uint)id, n = id >> 32;
  if (id == INVALID || first >= max || n > max) return;
  for (ulong k = 0; k < n; k++) {
    word w = seq_of(b, slot_add(first, k, max));
    ulong v = __atomic_load_n(w, __ATOMIC_RELAXED); /* only this reservation changes it now */
    __atomic_store_n(w, s == WRITER ? v + 1 : v - 1 + 2 * max, __ATOMIC_RELEASE);
  }
}

/* The packet `index` of reservation id, or NULL for an invalid id or an index outside it; *len is
 * the bytes to copy: the pipe's packet size, or the call's when that is smaller (a kernel whose
 * packet type is not the pipe's is undefined in OpenCL C; the copy stays inside the pipe). */
static __global uchar *packet(__global uchar *b, ulong id, uint index, uint size, uint *len) {
  ulong max = max_packets(b), first = (uint)id, n = id >> 32, psize = packet_size(b);
  if (id == INVALID || first >= max || n > max || index >= n) return 0;
  *len = (uint)min((ulong)size, psize);
  return b + VGPU_PIPE_DATA_OFF(max) + slot_add(first, index, max) * psize;
}

static int read_reserved(__global uchar *b, ulong id, uint index, void *ptr, uint size) {
  uint len;
  __global uchar *src = packet(b, id, index, size, &len);
  if (!src) return -1;
  __builtin_memcpy(ptr, (const __global void *)src, len);
  return 0;
}

static int write_reserved(__global uchar *b, ulong id, uint index, const void *ptr, uint size) {
  uint len;
  __global uchar *dst = packet(b, id, index, size, &len);
  if (!dst) return -1;
  __builtin_memcpy((__global void *)dst, ptr, len);
  return 0;
}

/* read_pipe / write_pipe without a reservation: one packet, reserved and committed here. */
static int read_one(__global uchar *b, void *ptr, uint size) {
  ulong id = reserve(b, 1, READER);
  if (id == INVALID) return -1;
  read_reserved(b, id, 0, ptr, size);
  commit(b, id, READER);
  return 0;
}

static int write_one(__global uchar *b, const void *ptr, uint size) {
  ulong id = reserve(b, 1, WRITER);
  if (id == INVALID) return -1;
  write_reserved(b, id, 0, ptr, size);
  commit(b, id, WRITER);
  return 0;
}

/* Work-group reservations: work-item 0 reserves, every work-item gets the id (a WGROUP broadcast,
 * where the group's warps also meet).  The commit waits at a barrier for every work-item's copy
 * before work-item 0 publishes them. */
static ulong wg_reserve(__global uchar *b, uint n, enum side s) {
  ulong id = INVALID;
  if (__vgpu_wi_local_linear_id(0) == 0) id = reserve(b, n, s);
  return __vgpu_wg64(MODE(SG_BROADCAST, 0, T_I64), id, 0ul);
}

static void wg_commit(__global uchar *b, ulong id, enum side s) {
  __vgpu_barrier(CLK_GLOBAL_MEM_FENCE);
  if (__vgpu_wi_local_linear_id(0) == 0) commit(b, id, s);
}

/* Sub-group reservations: the first active lane reserves and the warp takes the minimum (the
 * other lanes offer INVALID, all ones).  A warp's lanes run in step, so once every lane has
 * passed the fence its copies are done and the first lane commits. */
static ulong sg_reserve(__global uchar *b, uint n, enum side s) {
  ulong id = INVALID;
  if (__vgpu_sg32(MODE(SG_ELECT, 0, T_I32), 0u, 0u)) id = reserve(b, n, s);
  return __vgpu_sg64(MODE(SG_REDUCE, OP_UMIN, T_I64), id, 0u);
}

static void sg_commit(__global uchar *b, ulong id, enum side s) {
  __vgpu_fence(CLK_GLOBAL_MEM_FENCE);
  if (__vgpu_sg32(MODE(SG_ELECT, 0, T_I32), 0u, 0u)) commit(b, id, s);
}

/* Packets in the pipe: written (reserved by writers) and not yet reserved by readers.  Stale the
 * moment it is read, as s6.15.17.5 says; exact between kernels. */
static uint num_packets(__global uchar *b) {
  ulong r = __atomic_load_n(counter(b, READER), __ATOMIC_RELAXED);
  ulong w = __atomic_load_n(counter(b, WRITER), __ATOMIC_RELAXED);
  ulong max = max_packets(b);
  return w <= r ? 0u : (uint)min(w - r, max);
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
int __read_pipe_2(read_only pipe int p, void *ptr, uint size, uint align) { return read_one(RO(p), ptr, size); }
int __write_pipe_2(write_only pipe int p, const void *ptr, uint size, uint align) { return write_one(WO(p), ptr, size); }
int __read_pipe_4(read_only pipe int p, reserve_id_t id, uint index, void *ptr, uint size, uint align) {
  return read_reserved(RO(p), __vgpu_rid_bits(id), index, ptr, size);
}
int __write_pipe_4(write_only pipe int p, reserve_id_t id, uint index, const void *ptr, uint size, uint align) {
  return write_reserved(WO(p), __vgpu_rid_bits(id), index, ptr, size);
}

/* the reservations of one scope: P the entry points' prefix, RESERVE and COMMIT its protocol */
#define PIPE_RESERVATIONS(P, RESERVE, COMMIT)                                                   \
  reserve_id_t P##reserve_read_pipe(read_only pipe int p, uint n, uint size, uint align) {      \
    return __vgpu_rid(RESERVE(RO(p), n, READER));                                               \
  }                                                                                             \
  reserve_id_t P##reserve_write_pipe(write_only pipe int p, uint n, uint size, uint align) {    \
    return __vgpu_rid(RESERVE(WO(p), n, WRITER));                                               \
  }                                                                                             \
  void P##commit_read_pipe(read_only pipe int p, reserve_id_t id, uint size, uint align) {      \
    COMMIT(RO(p), __vgpu_rid_bits(id), READER);                                                 \
  }                                                                                             \
  void P##commit_write_pipe(write_only pipe int p, reserve_id_t id, uint size, uint align) {    \
    COMMIT(WO(p), __vgpu_rid_bits(id), WRITER);                                                 \
  }
PIPE_RESERVATIONS(__, reserve, commit)
PIPE_RESERVATIONS(__work_group_, wg_reserve, wg_commit)
PIPE_RESERVATIONS(__sub_group_, sg_reserve, sg_commit)

uint __get_pipe_num_packets_ro(read_only pipe int p, uint size, uint align) { return num_packets(RO(p)); }
uint __get_pipe_num_packets_wo(write_only pipe int p, uint size, uint align) { return num_packets(WO(p)); }
uint __get_pipe_max_packets_ro(read_only pipe int p, uint size, uint align) { return (uint)max_packets(RO(p)); }
uint __get_pipe_max_packets_wo(write_only pipe int p, uint size, uint align) { return (uint)max_packets(WO(p)); }
#pragma clang diagnostic pop

OVL bool is_valid_reserve_id(reserve_id_t id) { return __vgpu_rid_bits(id) != INVALID; }
#endif
