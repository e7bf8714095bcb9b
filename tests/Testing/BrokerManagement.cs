using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Arrakis.Testing;

/// <summary>The broker's management API on loopback: vhosts, policies, queue details, closing connections.</summary>
public sealed class BrokerManagement : IDisposable
{
    private readonly HttpClient _http;

    public BrokerManagement()
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{TestServices.RabbitMqManagementPort}/api/") };
        _http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
    }

    public async Task CreateVhostAsync(string vhost)
    {
        (await _http.PutAsync($"vhosts/{Escape(vhost)}", null)).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"permissions/{Escape(vhost)}/guest", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public async Task DeleteVhostAsync(string vhost) => await _http.DeleteAsync($"vhosts/{Escape(vhost)}");

    public async Task SetPolicyAsync(string vhost, string name, string pattern, object definition, string applyTo = "queues")
    {
        var response = await _http.PutAsJsonAsync($"policies/{Escape(vhost)}/{Escape(name)}", new { pattern, definition, apply_to = applyTo, priority = 0 });
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonObject?> GetQueueAsync(string vhost, string queue)
    {
        var response = await _http.GetAsync($"queues/{Escape(vhost)}/{Escape(queue)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Closes every client connection to the vhost, as <c>rabbitmqctl close_connection</c> would.</summary>
    public async Task<int> CloseConnectionsAsync(string vhost)
    {
        var connections = await _http.GetFromJsonAsync<JsonArray>($"vhosts/{Escape(vhost)}/connections") ?? [];
        foreach (var name in connections.Select(c => c?["name"]?.GetValue<string>()).OfType<string>())
        {
            await _http.DeleteAsync($"connections/{Escape(name)}");
        }

        return connections.Count;
    }

    public void Dispose() => _http.Dispose();

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
