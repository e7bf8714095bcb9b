using Arrakis.Application.Abstractions.State;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Redis;
using Arrakis.Testing;

namespace Arrakis.Infrastructure.Tests.Redis;

public sealed class RedisSessionStoreTests(IsolatedRedis redis) : IClassFixture<IsolatedRedis>
{
    public sealed record Verification(string Step, int Counter, IReadOnlyList<string> Notes);

    private RedisSessionStore Store() => new(redis.Database.Multiplexer, redis.Keys());

    private static SessionKey NewKey() => new("verify", new Snowflake(1098765432109876543), new Snowflake((ulong)Random.Shared.NextInt64(1, long.MaxValue)));

    [Fact]
    public async Task Create_ThenGet_ReturnsTheTypedDocumentAtVersionOne_WithItsExpiry()
    {
        var store = Store();
        var key = NewKey();

        var created = await store.CreateAsync(key, new Verification("wallet", 0, ["started"]), TimeSpan.FromMinutes(10), CancellationToken.None);
        var session = await store.GetAsync<Verification>(key, CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.Equal(1, created.Version);
        Assert.NotNull(session);
        Assert.Equal(1, session.Version);
        Assert.Equal("wallet", session.Document.Step);
        Assert.Equal(["started"], session.Document.Notes);
        Assert.InRange(session.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        var ttl = await redis.Database.KeyTimeToLiveAsync($"{redis.KeyPrefix}session:verify:{key.GuildId}:{key.UserId}");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task CreateTwice_TheSecondIsAConflict_AndTheFirstDocumentStays()
    {
        var store = Store();
        var key = NewKey();

        await store.CreateAsync(key, new Verification("first", 0, []), TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await store.CreateAsync(key, new Verification("second", 0, []), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(SessionWriteStatus.Conflict, second.Status);
        Assert.Equal("first", (await store.GetAsync<Verification>(key, CancellationToken.None))!.Document.Step);
    }

    [Fact]
    public async Task UpdateWithAStaleVersion_IsReportedAsAConflict_NotWritten()
    {
        var store = Store();
        var key = NewKey();
        await store.CreateAsync(key, new Verification("a", 0, []), TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.UpdateAsync(key, new Verification("b", 1, []), 1, TimeSpan.FromMinutes(1), CancellationToken.None);

        var stale = await store.UpdateAsync(key, new Verification("stale", 1, []), 1, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(SessionWriteStatus.Conflict, stale.Status);
        Assert.Equal(2, stale.Version);
        var session = await store.GetAsync<Verification>(key, CancellationToken.None);
        Assert.Equal(("b", 2L), (session!.Document.Step, session.Version));
    }

    [Fact]
    public async Task UpdateOrDelete_OfNoSession_IsNotFound_AndGetIsNull()
    {
        var store = Store();
        var key = NewKey();

        Assert.Equal(SessionWriteStatus.NotFound, (await store.UpdateAsync(key, new Verification("x", 0, []), 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Status);
        Assert.Equal(SessionWriteStatus.NotFound, (await store.DeleteAsync(key, 1, CancellationToken.None)).Status);
        Assert.Null(await store.GetAsync<Verification>(key, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_WithTheCurrentVersion_EndsTheSession_AndWithAStaleOneDoesNot()
    {
        var store = Store();
        var key = NewKey();
        await store.CreateAsync(key, new Verification("a", 0, []), TimeSpan.FromMinutes(1), CancellationToken.None);
        await store.UpdateAsync(key, new Verification("b", 0, []), 1, TimeSpan.FromMinutes(1), CancellationToken.None);

        var stale = await store.DeleteAsync(key, 1, CancellationToken.None);
        var current = await store.DeleteAsync(key, 2, CancellationToken.None);

        Assert.Equal(SessionWriteStatus.Conflict, stale.Status);
        Assert.True(current.Succeeded);
        Assert.Null(await store.GetAsync<Verification>(key, CancellationToken.None));
    }

    [Fact]
    public async Task FiftyConcurrentUpdates_FromSeveralConnections_LoseNoneSilently()
    {
        var connections = await Connections.OpenAsync(5);
        try
        {
            var keys = redis.Keys();
            var stores = connections.Select(c => new RedisSessionStore(c, keys)).ToArray();
            var key = NewKey();
            await stores[0].CreateAsync(key, new Verification("count", 0, []), TimeSpan.FromMinutes(1), CancellationToken.None);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var conflicts = 0;

            // Each writer adds its own note with read-modify-write; a lost race is reported, and the writer re-reads and tries again.
            var writers = Enumerable.Range(0, 50).Select(async i =>
            {
                await start.Task;
                var store = stores[i % stores.Length];
                while (true)
                {
                    var current = (await store.GetAsync<Verification>(key, CancellationToken.None))!;
                    var next = current.Document with { Counter = current.Document.Counter + 1, Notes = [.. current.Document.Notes, "w" + i] };
                    var write = await store.UpdateAsync(key, next, current.Version, TimeSpan.FromMinutes(1), CancellationToken.None);
                    if (write.Succeeded)
                    {
                        return;
                    }

                    Assert.Equal(SessionWriteStatus.Conflict, write.Status);
                    Interlocked.Increment(ref conflicts);
                }
            }).ToList();
            start.SetResult();
            await Task.WhenAll(writers);

            var final = (await stores[0].GetAsync<Verification>(key, CancellationToken.None))!;
            Assert.Equal(50, final.Document.Counter);
            Assert.Equal(51, final.Version);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => "w" + i).Order(StringComparer.Ordinal), final.Document.Notes.Order(StringComparer.Ordinal));
            Assert.True(conflicts > 0, "The writers never raced; the test proved nothing.");
        }
        finally
        {
            await Connections.CloseAsync(connections);
        }
    }
}
