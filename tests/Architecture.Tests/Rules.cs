using ArchUnitNET.Fluent;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Arrakis.Architecture.Tests;

/// <summary>
/// Each rule takes the namespaces it governs as a pattern, so the same rule runs over the real code and over
/// a canary that breaks it. String patterns are regular expressions (ArchUnitNET 0.13 semantics).
/// </summary>
internal static class Rules
{
    public static IArchRule DependsOnlyOnTheBclAndItself(string subject) =>
        Types().That().ResideInNamespaceMatching(subject)
            // Any namespace other than System.* and Arrakis.Domain.* (compiler-generated types have none).
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^(?!System(\.|$)|Arrakis\.Domain(\.|$)).+$")
            .Because("the domain is pure C#");

    public static IArchRule StaysAwayFromAdaptersAndTheHost(string subject) =>
        Types().That().ResideInNamespaceMatching(subject)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(
                @"^(Arrakis\.Infrastructure|Arrakis\.Worker|RabbitMQ\.Client|StackExchange\.Redis|System\.Net\.Http|Microsoft\.AspNetCore|Microsoft\.Extensions\.Hosting|Microsoft\.Extensions\.Configuration)(\..+)?$")
            .Because("Application speaks to the outside only through its own ports");

    public static IArchRule DoesNotDependOnTheHost(string subject) =>
        Types().That().ResideInNamespaceMatching(subject)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Arrakis\.Worker(\..+)?$")
            .Because("dependencies point inwards");

    public static IArchRule TransportLibrariesStayInInfrastructure(string subject) =>
        Types().That().ResideInNamespaceMatching(subject)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^(RabbitMQ\.Client|StackExchange\.Redis|System\.Net\.Http)(\..+)?$")
            .Because("only Infrastructure talks to the broker, Redis and Discord");

    public static IArchRule HandlersAreSealedAndNotPublic(string subject) =>
        Classes().That().ResideInNamespaceMatching(subject).And().HaveNameEndingWith("Handler")
            .Should().BeSealed().AndShould().NotBePublic()
            .Because("handlers are reached through the mediator, never called directly");

    public static IArchRule HandlersDoNotDispatchOrLocateServices(string subject) =>
        Classes().That().ResideInNamespaceMatching(subject).And().HaveNameEndingWith("Handler")
            .Should().NotDependOnAnyTypesThat().HaveFullNameMatching(@"^(Mediator\.IMediator|Mediator\.ISender|System\.IServiceProvider|Microsoft\.Extensions\.DependencyInjection\.IServiceScopeFactory)$")
            .Because("a handler never calls another handler nor looks services up");

    public static IArchRule BehaviorsAreNotPublic(string subject) =>
        // Generic type names carry their arity ("TelemetryBehavior`2").
        Classes().That().ResideInNamespaceMatching(subject).And().HaveNameMatching(@"Behavior(`\d+)?$")
            .Should().NotBePublic()
            .Because("behaviors are wired by the mediator's options, not used from outside");

    public static IArchRule AdaptersAreInternalAndSealed(string subject) =>
        Classes().That().ResideInNamespaceMatching(subject)
            .And().AreAssignableTo(Interfaces().That().ResideInNamespaceMatching(@"^Arrakis\.Application\.Abstractions(\..+)?$"))
            .Should().NotBePublic().AndShould().BeSealed()
            .Because("adapters are reached through the ports they implement");
}
