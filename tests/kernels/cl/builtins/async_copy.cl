/* async_work_group_copy (OpenCL C 3.0 section 6.15.11) with counts that do not divide among the
 * work-items: groups of 48 copy N elements global -> local, change them, and copy them back
 * local -> global.  The copy is shared out in contiguous runs of ceil(N / 48) elements, so the
 * last work-item that copies gets a shorter run and the ones after it none: N = 100 (runs of 3,
 * the last of 1), N = 5 (fewer elements than work-items), N = 96 (exactly two each).  char3 has
 * the size of char4 (6.3.5): its fourth byte is copied with it.  The variant checks runs it all
 * again under VGPU_CHECKS=1, where every access is checked against its buffer's exact size: a
 * copy's bytes must be observed per work-item, not as the first work-item's length for all. */
/*!
 * variant checks: VGPU_CHECKS=1
 *
 * run hundred: rw
 *   global: 96
 *   local: 48
 *   arg in: global int[200] = int(rand(i) % 1000) - 500
 *   arg out: global int[200] = 7
 *   arg cin: global char4[200] = int(rand(i + 9) % 200) - 100
 *   arg cout: global char4[200] = 7
 *   arg n: uint 100
 *   expect out = in[i] * 3 + 1
 *   expect cout = char(cin[i] * 3 + 1) when i % 4 != 3
 *
 * run few: rw
 *   global: 96
 *   local: 48
 *   arg in: global int[10] = int(rand(i) % 1000) - 500
 *   arg out: global int[10] = 7
 *   arg cin: global char4[10] = int(rand(i + 9) % 200) - 100
 *   arg cout: global char4[10] = 7
 *   arg n: uint 5
 *   expect out = in[i] * 3 + 1
 *   expect cout = char(cin[i] * 3 + 1) when i % 4 != 3
 *
 * run even: rw
 *   global: 96
 *   local: 48
 *   arg in: global int[192] = int(rand(i) % 1000) - 500
 *   arg out: global int[192] = 7
 *   arg cin: global char4[192] = i % 100
 *   arg cout: global char4[192] = 7
 *   arg n: uint 96
 *   expect out = in[i] * 3 + 1
 *   expect cout = char(cin[i] * 3 + 1) when i % 4 != 3
 */
kernel void rw(global const int *in, global int *out, global const char3 *cin, global char3 *cout, uint n) {
  local int t[100];
  local char3 c[100];
  size_t lid = get_local_id(0), gr = get_group_id(0);
  event_t e[2];
  e[0] = async_work_group_copy(t, in + gr * n, n, 0);
  e[1] = async_work_group_copy(c, cin + gr * n, n, 0);
  wait_group_events(2, e);
  for (size_t i = lid; i < n; i += get_local_size(0)) {
    t[i] = t[i] * 3 + 1;
    c[i] = c[i] * (char)3 + (char)1;
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  e[0] = async_work_group_copy(out + gr * n, t, n, 0);
  e[1] = async_work_group_copy(cout + gr * n, c, n, 0);
  wait_group_events(2, e);
}
