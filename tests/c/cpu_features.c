/* cpu_features.c: prints the dispatch choice lanes.c made while loading (mypkg_have_avx2, after
 * MYPKG_CPU_FEATURES) and what the CPU itself offers, for tests/test_c_abi.py. Linked with
 * csrc/lanes.c alone: the choice is internal, not part of the ABI. x86 only. */
#include <stdio.h>

#include "lanes.h"

int main(void)
{
    __builtin_cpu_init();
    const int cpu = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    printf("%d %d\n", mypkg_have_avx2(), cpu);
    return 0;
}
