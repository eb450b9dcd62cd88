/* vir_tables.c - the metadata arrays generated from vir_ops.def, vir_formats.def and vir_math.def
 * (X-macros): one copy, linked by the compiler, the runtime and the SMs. */
#include "vir/vir.h"

_Static_assert(VIR_NUM_OPS <= 256, "struct vir_insn holds an op in 8 bits");

const char *const vir_op_name[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, effect, doc) mnem,
#include "vir/vir_ops.def"
#undef VIR_OP
};
const uint8_t vir_op_format[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, effect, doc) VIR_FMT_##fmt,
#include "vir/vir_ops.def"
#undef VIR_OP
};
const uint8_t vir_op_effect[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, effect, doc) VIR_EFFECT_##effect,
#include "vir/vir_ops.def"
#undef VIR_OP
};
const uint8_t vir_format_role[VIR_NUM_FORMATS][4] = {
#define VIR_FORMAT(name, d, a, b, c, syntax) {VIR_ROLE_##d, VIR_ROLE_##a, VIR_ROLE_##b, VIR_ROLE_##c},
#include "vir/vir_formats.def"
#undef VIR_FORMAT
};
const char *const vir_format_syntax[VIR_NUM_FORMATS] = {
#define VIR_FORMAT(name, d, a, b, c, syntax) syntax,
#include "vir/vir_formats.def"
#undef VIR_FORMAT
};
const char *const vir_math_name[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) #name,
#include "vir/vir_math.def"
#undef VIR_MATH
};
const uint8_t vir_math_arity[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) arity,
#include "vir/vir_math.def"
#undef VIR_MATH
};
