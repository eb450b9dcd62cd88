/* empty.cl - a kernel that does nothing: its time is the launch overhead alone
 * (enqueue, scheduling on the SMs, completion back to the host). */
__kernel void empty(void) {}
