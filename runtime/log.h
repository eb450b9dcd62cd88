/* log.h - the one logger.  VGPU_LOG=error|warn|info|debug (default warn), written to stderr. */
#ifndef VGPU_LOG_H
#define VGPU_LOG_H
enum vgpu_log_level { VGPU_LOG_ERROR, VGPU_LOG_WARN, VGPU_LOG_INFO, VGPU_LOG_DEBUG };
void vgpu_log(enum vgpu_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vgpu_log_enabled(enum vgpu_log_level level);
#endif
