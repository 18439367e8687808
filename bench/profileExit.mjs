// Loaded only under BENCH_CPU_PROF: a server without a SIGTERM handler of its own (the reference) would
// die without writing its CPU profile, so SIGTERM exits normally here.
process.once('SIGTERM', () => process.exit(0))
