using System.Reflection;
using Arrakis.Architecture.Tests.Canaries.Handlers;
using Mediator;

namespace Arrakis.Architecture.Tests;

/// <summary>Mediator wiring, checked by reflection where ArchUnitNET's open-generic matching is unreliable.</summary>
public sealed class HandlerTests
{
    private static IEnumerable<Type> Types(Assembly assembly, string? inNamespace = null) =>
        assembly.GetTypes().Where(t => inNamespace is null || (t.Namespace ?? "").StartsWith(inNamespace, StringComparison.Ordinal));

    private static bool IsHandler(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>));

    /// <summary>Commands (concrete ICommand&lt;T&gt; types) with other than exactly one handler, and their handler counts.</summary>
    private static Dictionary<Type, int> CommandsWithoutExactlyOneHandler(IEnumerable<Type> types)
    {
        var list = types.ToList();
        var commands = list.Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)));
        var handled = list.Where(IsHandler)
            .SelectMany(h => h.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>)))
            .GroupBy(i => i.GetGenericArguments()[0])
            .ToDictionary(g => g.Key, g => g.Count());
        return commands.Select(c => (c, handled.GetValueOrDefault(c))).Where(p => p.Item2 != 1).ToDictionary(p => p.c, p => p.Item2);
    }

    [Fact]
    public void EveryCommand_HasExactlyOneHandler()
    {
        var commands = Types(Layers.ApplicationAssembly).Where(t => t.GetInterfaces().Contains(typeof(IBaseCommand))).ToList();
        Assert.NotEmpty(commands);
        Assert.Empty(CommandsWithoutExactlyOneHandler(Types(Layers.ApplicationAssembly)));
    }

    [Fact]
    public void EveryCommand_HasExactlyOneHandler_FailsForItsCanaries()
    {
        var bad = CommandsWithoutExactlyOneHandler(Types(typeof(HandlerTests).Assembly, "Arrakis.Architecture.Tests.Canaries.Handlers"));
        Assert.Equal(0, bad[typeof(OrphanCommand)]);
        Assert.Equal(2, bad[typeof(TwiceHandledCommand)]);
    }

    [Fact]
    public void EveryHandler_IsNamedHandler_SoTheArchitectureRulesSelectIt()
    {
        var handlers = Types(Layers.ApplicationAssembly).Where(IsHandler).ToList();
        Assert.NotEmpty(handlers);
        Assert.All(handlers, h => Assert.EndsWith("Handler", h.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyBehaviors_ImplementThePipeline_AndNothingOutsideApplicationDoes()
    {
        static bool IsBehavior(Type t) => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>));
        var assemblies = new[] { Layers.ApplicationAssembly, Layers.InfrastructureAssembly, Layers.WorkerAssembly };
        var misplaced = assemblies.SelectMany(a => Types(a)).Where(IsBehavior)
            .Where(t => t.Namespace != "Arrakis.Application.Behaviors" && !(t.Namespace ?? "").StartsWith("Mediator", StringComparison.Ordinal));
        Assert.Empty(misplaced);
    }
}
