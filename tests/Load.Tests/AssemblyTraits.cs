// Every test here runs the worker as its own process against traffic paced in real time, and most judge answers
// by Discord's 3 s window: beside the other test modules on two cores, a starved worker let interactions expire
// (smoke and publish, once each in CI). build/test.sh runs this category after the others, one module at a time,
// and for the same reason its test classes run one after another, not several worker processes at once.
[assembly: Trait("Category", "Timed")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
