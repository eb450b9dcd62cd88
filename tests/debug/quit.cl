/* `quit` in `vgpu debug` ends the kernel with its event failed, and the program goes on: the first
 * run stops at line 15 and the session quits there; the second run is not stopped (the session
 * file has ended) and must compute its values (tests/debug/test_sessions.py). */
/*!
 * run stopped: twice
 *   global: 8
 *   arg a: global int[8]
 *   expect fault: CL_OUT_OF_RESOURCES "the debugger ended the kernel (quit)"
 *
 * run after: twice
 *   global: 8
 *   arg a: global int[8]
 *   expect a = 2 * i
 */
kernel void twice(global int *a) {
  a[get_global_id(0)] = 2 * (int)get_global_id(0);
}
