using ArchUnitNET.Loader;

namespace Arrakis.Architecture.Tests;

/// <summary>The four layers and this test assembly (whose Canaries namespace holds deliberately bad types), loaded once.</summary>
internal static class Layers
{
    public const string Domain = @"^Arrakis\.Domain(\..+)?$";
    public const string Application = @"^Arrakis\.Application(\..+)?$";
    public const string Infrastructure = @"^Arrakis\.Infrastructure(\..+)?$";
    public const string Worker = @"^Arrakis\.Worker(\..+)?$";
    public const string Canaries = @"^Arrakis\.Architecture\.Tests\.Canaries";

    public static readonly System.Reflection.Assembly DomainAssembly = typeof(Domain.Discord.Snowflake).Assembly;
    public static readonly System.Reflection.Assembly ApplicationAssembly = typeof(Application.Abstractions.Messaging.Result).Assembly;
    public static readonly System.Reflection.Assembly InfrastructureAssembly = typeof(Infrastructure.Messaging.RabbitMqOptions).Assembly;
    public static readonly System.Reflection.Assembly WorkerAssembly = typeof(Worker.Hosting.WorkerSettings).Assembly;

    public static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader()
        .LoadAssemblies(DomainAssembly, ApplicationAssembly, InfrastructureAssembly, WorkerAssembly, typeof(Layers).Assembly)
        .Build();

    public static string Canary(string name) => $@"^Arrakis\.Architecture\.Tests\.Canaries\.{name}(\..+)?$";
}
