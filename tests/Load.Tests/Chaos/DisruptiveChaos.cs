namespace Arrakis.Load.Tests.Chaos;

/// <summary>
/// Every chaos scenario runs in the Disruptive phase and in this collection, one after the other: the ones that stop
/// the shared broker or Redis must not land in another's traffic (two doubles were seen that way), and the others run
/// worker processes under load, which flaked beside four test modules at once on two cores.
/// </summary>
[CollectionDefinition(nameof(DisruptiveChaos), DisableParallelization = true)]
public sealed class DisruptiveChaos;
