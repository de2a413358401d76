// NIGHTDESK_FMA_CLONES: compile a hot scalar function twice, for x86-64-v3 (AVX2 + FMA) and for baseline
// x86-64, with the copy chosen once at load time (GCC target_clones, an ifunc). The v3 copy contracts
// a*b+c into fused multiply-adds: about 17% fewer instructions per implied volatility solve, and results
// that differ from the baseline copy in the last bits. No -march flag is needed. Internal to src/pricing.
#pragma once

// Under ThreadSanitizer the clones' ifunc resolver runs, instrumented, while the dynamic loader relocates the
// program, before the TSan runtime is up, and crashes it at start; that build keeps one (baseline) copy.
#if defined(__SANITIZE_THREAD__)
#define NIGHTDESK_FMA_CLONES [[gnu::optimize("fp-contract=fast")]]
#else
#define NIGHTDESK_FMA_CLONES [[gnu::target_clones("arch=x86-64-v3", "default"), gnu::optimize("fp-contract=fast")]]
#endif
