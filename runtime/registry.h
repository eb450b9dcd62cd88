/* registry.h - the set of live OpenCL handles.  A handle is valid when the registry holds it with
 * the expected type: validation looks the pointer up and never dereferences it, so a released,
 * forged or garbage handle gets CL_INVALID_<OBJECT> instead of a crash (issue 16 item 5;
 * docs/errors.md).  Destroyed objects are not freed at once: they wait in a quarantine with their
 * dispatch pointer intact, because the ICD loader reads a handle's first word to find the
 * function to call, and a stale handle must still lead to us for us to reject it. */
#ifndef VGPU_REGISTRY_H
#define VGPU_REGISTRY_H
#include <stdint.h>

/* Adds a live handle of type (enum vgpu_type). */
void vgpu_registry_add(const void *h, uint32_t type);
/* Removes a handle (no longer valid); nothing happens when it is not there. */
void vgpu_registry_remove(const void *h);
/* The type of a live handle, 0 when h is not one. */
uint32_t vgpu_registry_type(const void *h);
/* Frees a removed object's memory later: it is kept, unchanged, until VGPU_QUARANTINE more
 * objects have been retired after it. */
void vgpu_registry_retire(void *h);
#define VGPU_QUARANTINE 4096
#endif
