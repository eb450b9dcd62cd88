break acc
where
step
step
print -all gid
next
stepi
info stack
list
backtrace
info groups
watch out[9]
info breakpoints
delete 1
continue
x/4 out[8]
print out[8]
print -all s
warps
lane 2
print s
info registers
continue
