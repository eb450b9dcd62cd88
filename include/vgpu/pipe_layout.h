/* pipe_layout.h - the bytes of a pipe object (OpenCL 3.0 s5.4) in a device's global memory, shared
 * by the runtime, which lays out a new pipe (runtime/pipe.c), and the builtin library, whose pipe
 * functions work on it from every SM process at once (compiler/lib/pipe.cl).  Plain macros only:
 * the library is OpenCL C.  docs/pipes.md explains the protocol and why it is correct.
 *
 *   [0, 4)          packet size in bytes (CL_PIPE_PACKET_SIZE)
 *   [4, 8)          capacity C in packets (CL_PIPE_MAX_PACKETS)
 *   [64, 72)        W: positions ever reserved by writers (64-bit, only grows)
 *   [128, 136)      R: positions ever reserved by readers (64-bit, only grows)
 *   [192, 192 + 8C) seq[C]: one 64-bit state word per slot
 *   [DATA, DATA + C * packet size)  the packets; DATA is a multiple of 128, the largest alignment
 *                   of an OpenCL C type, and slot s holds its packet at DATA + s * packet size
 *
 * Position p (the p-th packet ever written, counted from 0) lives in slot p mod C.  The slot's seq
 * word says where that slot is in its cycle: 2p means "free for the writer of position p", 2p + 1
 * "holds the committed packet of position p", and a reader's commit makes it 2(p + C), free for
 * the writer of the next round.  A new pipe has seq[s] = 2s and W = R = 0. */
#ifndef VGPU_PIPE_LAYOUT_H
#define VGPU_PIPE_LAYOUT_H

#define VGPU_PIPE_PACKET_SIZE_OFF 0
#define VGPU_PIPE_MAX_PACKETS_OFF 4
#define VGPU_PIPE_WRITE_POS_OFF 64
#define VGPU_PIPE_READ_POS_OFF 128
#define VGPU_PIPE_SEQ_OFF 192
/* Where the packets start and how many bytes the whole pipe takes, for C = max packets (64-bit
 * arithmetic in the caller's type). */
#define VGPU_PIPE_DATA_OFF(max) ((VGPU_PIPE_SEQ_OFF + 8 * (max) + 127) / 128 * 128)
#define VGPU_PIPE_BYTES(size, max) (VGPU_PIPE_DATA_OFF(max) + (size) * (max))

/* A reserve_id_t (one 64-bit register): the first slot of the reservation in its low 32 bits, the
 * number of packets in its high 32.  CLK_NULL_RESERVE_ID, all ones, is the invalid id (Clang's
 * opencl-c-base.h defines it as a pointer of all ones), so a failed reservation returns it too. */
#define VGPU_PIPE_RID_INVALID 0xFFFFFFFFFFFFFFFFul
#endif
