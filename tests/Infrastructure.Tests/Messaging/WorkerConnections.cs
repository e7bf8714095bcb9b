using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>The worker's connections to a vhost (by client-provided name), through the management API, sparing the test's own.</summary>
internal static class WorkerConnections
{
    /// <summary>The worker's open connections; the management API lists one a moment after it opens.</summary>
    public static async Task<List<string>> ListAsync(string vhost)
    {
        using var http = Client();
        var connections = await http.GetFromJsonAsync<JsonArray>($"vhosts/{Uri.EscapeDataString(vhost)}/connections") ?? [];
        return connections
            .Where(c => c?["client_properties"]?["connection_name"]?.GetValue<string>().StartsWith("arrakis-worker", StringComparison.Ordinal) == true)
            .Select(c => c!["name"]!.GetValue<string>())
            .ToList();
    }

    /// <summary>Closes them, as `rabbitmqctl close_connection` would.</summary>
    public static async Task<int> CloseAsync(string vhost)
    {
        using var http = Client();
        var names = await ListAsync(vhost);
        foreach (var name in names)
        {
            (await http.DeleteAsync($"connections/{Uri.EscapeDataString(name)}")).EnsureSuccessStatusCode();
        }

        return names.Count;
    }

    private static HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{TestServices.RabbitMqManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        return http;
    }
}
