using System.Globalization;
using Arrakis.Application.Guilds;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Redis;
using StackExchange.Redis;

namespace Arrakis.Load;

/// <summary>
/// The worker's records in Redis, seeded and read through the worker's own key layout (<see cref="RedisKeys"/>) and
/// setting names, so the witness cannot drift from what the worker writes.
/// </summary>
public sealed class WorkerRecords(IDatabase database, string keyPrefix)
{
    // The lease only matters to the worker's claims; the witness never claims.
    private readonly RedisKeys _keys = new(keyPrefix, TimeSpan.Zero);

    /// <summary>A guild's settings, as <c>/setup</c> would have stored them.</summary>
    public Task SeedGuildAsync(string guildId, string? autoRole = null, string? welcome = null)
    {
        var entries = new List<HashEntry>();
        if (autoRole is not null)
        {
            entries.Add(new HashEntry(GuildSettingNames.AutoRole, autoRole));
        }

        if (welcome is not null)
        {
            entries.Add(new HashEntry(GuildSettingNames.WelcomeMessage, welcome));
        }

        return database.HashSetAsync(_keys.GuildSettingsOf(new Snowflake(ulong.Parse(guildId, CultureInfo.InvariantCulture))), [.. entries]);
    }

    /// <summary>Whether the worker recorded the message as done (its idempotency record).</summary>
    public async Task<bool> IsDoneAsync(SentMessage message) =>
        await database.StringGetAsync(_keys.Idempotency(message.IdempotencyKey)) == RedisKeys.Done;

    /// <summary>Writes the "done" record as the worker would (for checking the witness itself).</summary>
    public Task MarkDoneAsync(SentMessage message) =>
        database.StringSetAsync(_keys.Idempotency(message.IdempotencyKey), RedisKeys.Done);
}
