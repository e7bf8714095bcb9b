namespace Arrakis.EndToEnd.Tests.Telemetry;

/// <summary>
/// Tests that read the worker's metrics as its OpenTelemetry MeterProvider exports them run alone. Every worker host
/// of this test process creates the same meter and instruments, and the SDK keeps one metric stream per instrument
/// identity: when another host stops while such a test runs, its meter's disposal retires that stream in the provider
/// of the host under test too, whose later measurements are then no longer exported (OpenTelemetry 1.20.1, checked
/// with two hosts in one process). That was the rare "duration not recorded" failure of MessageTelemetryTests.
/// One host per process, as deployed, is not affected.
/// </summary>
[CollectionDefinition(nameof(ProcessWideMeters), DisableParallelization = true)]
public sealed class ProcessWideMeters;
