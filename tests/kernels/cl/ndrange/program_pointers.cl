/* Program-scope pointers initialised with addresses (OpenCL C 3.0 s6.8; the CTS's
 * progvar_prog_scope_init builds `global uchar *p_var = &a_var[1]`): into an array, into a
 * __constant table, through struct fields that point at each other (a cycle), and from an array
 * of pointers.  The image holds offsets that the runtime turns into addresses when it loads the
 * program (vir.h relocs); the values then persist like any program-scope variable, so after
 * `move` retargets gp and writes through it, the second `peek` sees both.  Expected values are
 * read off the initialisers by hand. */
/*!
 * options: -cl-std=CL3.0
 *
 * run first: peek
 *   global: 1
 *   arg out: global int[5]
 *   expect out = [30, 8, 2, 2, 50]
 *
 * run move: move
 *   global: 1
 *   arg out: global int[1]
 *   expect out = 15
 *
 * run again: peek
 *   global: 1
 *   arg out: global int[5]
 *   expect out = [15, 8, 2, 2, 55]
 */
struct node {
  int v;
  global struct node *next;
};
global int table[4] = {10, 20, 30, 40};
constant int ctable[3] = {7, 8, 9};
global int *gp = &table[2];
constant int *cp = ctable + 1;
extern global struct node b_node;
global struct node a_node = {1, &b_node};
global struct node b_node = {2, &a_node};
global int *ptrs[2] = {&table[0], &table[3]};

kernel void peek(global int *out) {
  out[0] = *gp;
  out[1] = *cp;
  out[2] = a_node.next->v;
  out[3] = b_node.next->next->v;
  out[4] = *ptrs[0] + *ptrs[1];
}
kernel void move(global int *out) {
  gp = &table[0];
  *gp += 5;
  out[0] = table[0];
}
