// Declarations only: libFuzzer itself is linked into the fuzz target by -sanitize=fuzzer.
#include "CLibFuzzer.h"
