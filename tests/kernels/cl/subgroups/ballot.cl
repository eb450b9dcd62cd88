/* Ballot and non-uniform vote (cl_khr_subgroup_ballot, cl_khr_subgroup_non_uniform_vote), the
 * logical reductions of cl_khr_subgroup_non_uniform_arithmetic and a logical clustered reduce,
 * on groups of 100 (a partial last sub-group at warp sizes 8, 32 and 64).  The predicate f is
 * random, with sub-group lane 1 always set (every sub-group starts at a multiple of 4), so
 * find_lsb/find_msb are defined.  Expected values are counts over the inputs: bit j - s0 of a
 * ballot is f[j] != 0 for the sub-group [s0, s1) of the work-item (derived as in
 * collectives.cl); elect and the non-uniform all/any/logical_and run in divergent code (local
 * ids with id % 3 == 2: the first active is id 2; odd ids), where the others keep 9.  The ge/gt masks
 * cover the valid ids, those below the maximum sub-group size, also in a partial sub-group. */
/*!
 * options: -cl-std=CL3.0
 * variant warp8: VGPU_WARP_SIZE=8
 * variant warp64: VGPU_WARP_SIZE=64
 *
 * run ballot: ballot
 *   global: 200
 *   local: 100
 *   arg f: global int[200] = i % 4 == 1 ? 7 : rand(i) % 2 ? -3 : 0
 *   arg out: global uint[4800]
 *   expect out: got == 8 || got == 32 || got == 64 when i % 24 == 0
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 3 == 2 ? ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) == 2 : 9) when i % 24 == 1
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 ? sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (j - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 && f[j] == 0) == 0 : 9) when i % 24 == 2
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 ? sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (j - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 && f[j] != 0) > 0 : 9) when i % 24 == 3
 *   expect out: got == (sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (f[j] != 0) << (j - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) & 0xffffffff) when i % 24 == 4
 *   expect out: got == (sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (f[j] != 0) << (j - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) >> 32 & 0xffffffff) when i % 24 == 5
 *   expect out: got == (f[(i / 24)] != 0) when i % 24 == 6
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (f[j] != 0)) when i % 24 == 7
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), (i / 24) + 1, (f[j] != 0)) when i % 24 == 8
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), (i / 24), (f[j] != 0)) when i % 24 == 9
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), sum(q, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), j + 1, f[q] != 0) == 0) when i % 24 == 10
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), sum(q, j, min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), f[q] != 0) > 0) - 1 when i % 24 == 11
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) < 32 ? 1 << ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) : 0) when i % 24 == 12
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) >= 32 ? 1 << (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) - 32) : 0) when i % 24 == 13
 *   expect out: got == (((long(got[i - i % 24]) >= 64 ? -1 : (1 << long(got[i - i % 24])) - 1) & ~((1 << ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) - 1)) & 0xffffffff) when i % 24 == 14
 *   expect out: got == ((((1 << ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) - 1)) >> 32 & 0xffffffff) when i % 24 == 15
 *   expect out: got == (((long(got[i - i % 24]) >= 64 ? -1 : (1 << long(got[i - i % 24])) - 1) & ~((((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) >= 63 ? 0 : 2 << ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) - 1)) & 0xffffffff) when i % 24 == 16
 *   expect out: got == ((((min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) >= 64 ? -1 : (1 << (min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) - 1) & (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) >= 63 ? -1 : (2 << ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])))) - 1)) & 0xffffffff) when i % 24 == 17
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 ? sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (j - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) % 2 == 1 && f[j] == 0) == 0 : 9) when i % 24 == 18
 *   expect out: got == (sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100), (f[j] != 0)) > 0) when i % 24 == 19
 *   expect out: got == sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), (i / 24) + 1, (f[j] != 0)) % 2 when i % 24 == 20
 *   expect out: got == (sum(j, (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])), (i / 24), f[j] == 0) == 0) when i % 24 == 21
 *   expect out: got == (((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) + 1 < (min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) ? f[(i / 24) + 1] != 0 : 0) when i % 24 == 22
 *   expect out: got == (sum(j, ((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) / 8 * 8), min(((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + ((i / 24) - (((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24]))) / 8 * 8) + 8, min((((i / 24) / 100 * 100) + (i / 24) % 100 / long(got[i - i % 24]) * long(got[i - i % 24])) + long(got[i - i % 24]), ((i / 24) / 100 * 100) + 100)), (f[j] != 0)) > 0) when i % 24 == 23
 *
 * run all_bits: ballot_all_bits
 *   global: 200
 *   local: 100
 *   arg out: global uint[600]
 *   expect out: got == got[i - i % 3] - 1 when i % 3 == 1
 *   expect out: got == got[i - i % 3] when i % 3 == 2
 */
kernel void ballot(global const int *f, global uint *out) {
  size_t i = get_global_id(0);
  int p = f[i];
  uint l = get_sub_group_local_id();
  global uint *o = out + i * 24;
  o[0] = get_max_sub_group_size();
  o[1] = o[2] = o[3] = o[18] = 9;
  if (l % 3u == 2u) o[1] = (uint)sub_group_elect();
  if (l % 2u == 1u) {
    o[2] = (uint)sub_group_non_uniform_all(p);
    o[3] = (uint)sub_group_non_uniform_any(p);
    o[18] = (uint)sub_group_non_uniform_reduce_logical_and(p);
  }
  uint4 b = sub_group_ballot(p);
  o[4] = b.x;
  o[5] = b.y;
  o[6] = (uint)sub_group_inverse_ballot(b);
  o[7] = sub_group_ballot_bit_count(b);
  o[8] = sub_group_ballot_inclusive_scan(b);
  o[9] = sub_group_ballot_exclusive_scan(b);
  o[10] = sub_group_ballot_find_lsb(b);
  o[11] = sub_group_ballot_find_msb(b);
  o[12] = get_sub_group_eq_mask().x;
  o[13] = get_sub_group_eq_mask().y;
  o[14] = get_sub_group_ge_mask().x;
  o[15] = get_sub_group_lt_mask().y;
  o[16] = get_sub_group_gt_mask().x;
  o[17] = get_sub_group_le_mask().x;
  o[19] = (uint)sub_group_non_uniform_reduce_logical_or(p);
  o[20] = (uint)sub_group_non_uniform_scan_inclusive_logical_xor(p);
  o[21] = (uint)sub_group_non_uniform_scan_exclusive_logical_and(p);
  o[22] = (uint)sub_group_ballot_bit_extract(b, l + 1u);
  o[23] = (uint)sub_group_clustered_reduce_logical_or(p, 8u);
}

/* A ballot value with every bit set, in full and partial sub-groups: find_msb and bit_count see
 * the bits below the maximum sub-group size (the CTS's subgroup_functions_ballot checks
 * find_msb so; it failed at the partial last sub-group when they saw get_sub_group_size() bits). */
kernel void ballot_all_bits(global uint *out) {
  global uint *o = out + get_global_id(0) * 3;
  o[0] = get_max_sub_group_size();
  o[1] = sub_group_ballot_find_msb((uint4)(~0u));
  o[2] = sub_group_ballot_bit_count((uint4)(~0u));
}
