namespace Arrakis.Infrastructure.Health;

/// <summary>
/// The container's HEALTHCHECK: the worker binary asks its own <c>/health/live</c>, so the runtime image needs no
/// shell or curl (it is a chiseled image).
/// </summary>
public static class LivenessProbe
{
    public static async Task<int> RunAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
