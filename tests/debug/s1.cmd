break 14
warps
print gid
print -all v
continue
quit
