/* OpenCL C has no recursion (OpenCL C 3.0 section 6.11, restriction h), and the build says so
 * through clBuildProgram's log, naming the function: here tail recursion, which the optimiser
 * could turn into a loop (whether a program builds must not depend on the optimisation level). */
/*!
 * build fails: "recursion is not supported in OpenCL C: function 'down' calls itself"
 */
int down(int n) { return n ? down(n - 1) : 7; }
kernel void t(global int *a) { a[0] = down(a[1]); }
