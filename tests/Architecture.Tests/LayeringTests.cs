using ArchUnitNET.Fluent;
using ArchUnitNET.xUnitV3;

namespace Arrakis.Architecture.Tests;

/// <summary>Every rule holds for the real code and fails for its canary.</summary>
public sealed class LayeringTests
{
    private static readonly ArchUnitNET.Domain.Architecture Code = Layers.Architecture;

    public static TheoryData<string, string, string> RulesWithTheirCanaries => new()
    {
        { nameof(Rules.DependsOnlyOnTheBclAndItself), Layers.Domain, Layers.Canary("Domain") },
        { nameof(Rules.StaysAwayFromAdaptersAndTheHost), Layers.Application, Layers.Canary("Application") },
        { nameof(Rules.DoesNotDependOnTheHost), Layers.Infrastructure, Layers.Canary("Infrastructure") },
        { nameof(Rules.TransportLibrariesStayInInfrastructure), Layers.Worker, Layers.Canary("Worker") },
        { nameof(Rules.HandlersAreSealedAndNotPublic), Layers.Application, Layers.Canary("Handlers") },
        { nameof(Rules.HandlersDoNotDispatchOrLocateServices), Layers.Application, Layers.Canary("Handlers") },
        { nameof(Rules.BehaviorsAreNotPublic), Layers.Application, Layers.Canary("Behaviors") },
        { nameof(Rules.AdaptersAreInternalAndSealed), Layers.Infrastructure, Layers.Canary("Adapters") },
    };

    private static IArchRule Rule(string name, string subject) =>
        (IArchRule)typeof(Rules).GetMethod(name)!.Invoke(null, [subject])!;

    [Theory]
    [MemberData(nameof(RulesWithTheirCanaries))]
    public void Rule_HoldsForTheCode(string rule, string subject, string canary)
    {
        _ = canary;
        Rule(rule, subject).Check(Code);
    }

    [Theory]
    [MemberData(nameof(RulesWithTheirCanaries))]
    public void Rule_FailsForItsCanary(string rule, string subject, string canary)
    {
        _ = subject;
        // A real violation by a canary type, not merely an empty selection.
        var violations = Rule(rule, canary).Evaluate(Code).Where(r => !r.Passed && r.EvaluatedObject is ArchUnitNET.Domain.IType).ToList();
        Assert.True(violations.Count > 0, $"{rule} did not catch its canary: the rule cannot fail.");
    }

    [Theory]
    [InlineData(Layers.Domain)]
    [InlineData(Layers.Application)]
    [InlineData(Layers.Infrastructure)]
    [InlineData(Layers.Worker)]
    public void EachLayerSelection_IsNotEmpty(string layer) =>
        Assert.Contains(Code.Types, t => System.Text.RegularExpressions.Regex.IsMatch(t.Namespace.FullName, layer));
}
