namespace Arrakis.Load.Tests.Chaos;

/// <summary>
/// The scenarios that stop the shared broker or Redis run one after the other, never beside each other or anything
/// else: run together, one's outage lands in the other's traffic (two doubles were seen that way).
/// </summary>
[CollectionDefinition(nameof(DisruptiveChaos), DisableParallelization = true)]
public sealed class DisruptiveChaos;
