using System.Xml.Linq;

namespace Arrakis.Architecture.Tests;

/// <summary>Rules about whole projects that type dependencies cannot express.</summary>
public sealed class HostingTests
{
    private static bool MayHostServices(Type type) =>
        (type.Namespace ?? "").StartsWith("Arrakis.Infrastructure.Messaging", StringComparison.Ordinal)
        || type.Assembly == Layers.WorkerAssembly;

    private static IEnumerable<Type> HostedServices(IEnumerable<Type> types) =>
        types.Where(t => !t.IsAbstract && typeof(IHostedService).IsAssignableFrom(t));

    [Fact]
    public void OnlyMessagingAndTheWorker_RunHostedServices()
    {
        var types = new[] { Layers.DomainAssembly, Layers.ApplicationAssembly, Layers.InfrastructureAssembly, Layers.WorkerAssembly }.SelectMany(a => a.GetTypes());
        var hosted = HostedServices(types).ToList();
        Assert.NotEmpty(hosted);
        Assert.All(hosted, t => Assert.True(MayHostServices(t), $"{t.FullName} runs in the background outside Messaging and the Worker."));
    }

    [Fact]
    public void OnlyMessagingAndTheWorker_RunHostedServices_FailsForItsCanary() =>
        Assert.Contains(HostedServices(typeof(HostingTests).Assembly.GetTypes()), t => !MayHostServices(t));

    [Fact]
    public void TheDomainProject_ReferencesNoPackageAndNoProject()
    {
        var project = XDocument.Load(FindRepoFile("src/Domain/Arrakis.Domain.csproj"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void TheApplicationProject_ReferencesOnlyTheDomain()
    {
        var project = XDocument.Load(FindRepoFile("src/Application/Arrakis.Application.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value).ToList();
        Assert.Equal([@"..\Domain\Arrakis.Domain.csproj"], references);
        Assert.DoesNotContain(project.Descendants("PackageReference"), p =>
            p.Attribute("Include")!.Value is "RabbitMQ.Client" or "StackExchange.Redis" or "Microsoft.Extensions.Hosting" or "Microsoft.Extensions.Http");
    }

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }
}
