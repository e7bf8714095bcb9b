using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Messaging;

/// <summary>Closes the worker's connections only (by client-provided name), sparing the test's own, as `rabbitmqctl close_connection` would.</summary>
internal static class WorkerConnections
{
    public static async Task<int> CloseAsync(string vhost)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{TestServices.RabbitMqManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var connections = await http.GetFromJsonAsync<JsonArray>($"vhosts/{Uri.EscapeDataString(vhost)}/connections") ?? [];
        var closed = 0;
        foreach (var connection in connections)
        {
            var clientName = connection?["client_properties"]?["connection_name"]?.GetValue<string>();
            if (clientName?.StartsWith("arrakis-worker", StringComparison.Ordinal) == true)
            {
                (await http.DeleteAsync($"connections/{Uri.EscapeDataString(connection!["name"]!.GetValue<string>())}")).EnsureSuccessStatusCode();
                closed++;
            }
        }

        return closed;
    }
}
