using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Arrakis.Application.Abstractions.Discord;
using Arrakis.Domain.Discord;
using Arrakis.Infrastructure.Discord.RateLimiting;
using Arrakis.Infrastructure.Discord.Rest;
using Arrakis.Infrastructure.Discord.Wire;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Arrakis.Infrastructure.Discord;

/// <summary>
/// Direct messages: the DM channel is opened once and remembered (opening many quickly gets a bot limited), and a
/// user who refused one (50007) is not tried again for a while, so refusals cannot pile up into 403 storms.
/// </summary>
internal sealed class DiscordDirectMessagesClient(
    DiscordRestClient client,
    IConnectionMultiplexer redis,
    DiscordRedisKeys keys,
    IOptions<DiscordOptions> options) : IDiscordDirectMessages
{
    private static readonly TimeSpan ChannelMemory = TimeSpan.FromDays(1);

    public async Task<DiscordResult> SendAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken)
    {
        if (MessageMapping.Problem(message) is { } problem)
        {
            return DiscordResult.Failed(DiscordErrors.Rejected(problem));
        }

        try
        {
            return await SendCoreAsync(userId, message, sendOnceKey, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return DiscordResult.Failed(DiscordErrors.Local(DiscordFailure.ConnectionFailed, "Redis is unavailable: " + ex.GetType().Name, true));
        }
    }

    private async Task<DiscordResult> SendCoreAsync(Snowflake userId, MessageContent message, string sendOnceKey, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        if (await database.KeyExistsAsync(keys.DmClosed(userId.Value)))
        {
            return DiscordResult.Failed(DiscordErrors.Local(DiscordFailure.CannotMessageUser, "The user refused a direct message recently; not tried again yet.", false, DiscordError.CannotMessageUser));
        }

        var channelId = (string?)await database.StringGetAsync(keys.DmChannel(userId.Value));
        if (channelId is null)
        {
            var opened = await client.SendAsync(
                new DiscordRequest(DiscordRoute.CreateDm)
                {
                    Body = JsonSerializer.SerializeToUtf8Bytes(new CreateDmPayload(userId.ToString()), DiscordJsonContext.Default.CreateDmPayload),
                    SafeToRetry = true, // Discord returns the existing channel
                },
                cancellationToken);
            if (opened.Error is { } error)
            {
                return await RememberRefusalAsync(userId, error);
            }

            channelId = JsonSerializer.Deserialize(opened.Body, DiscordJsonContext.Default.ChannelPayload)?.Id;
            if (channelId is null)
            {
                return DiscordResult.Failed(DiscordErrors.Local(DiscordFailure.Other, "Discord's DM channel answer had no id.", true));
            }

            await database.StringSetAsync(keys.DmChannel(userId.Value), channelId, ChannelMemory);
        }

        var payload = MessageMapping.Message(message with { Ephemeral = false }, withFlags: false) with
        {
            // With enforce_nonce a create repeated within a few minutes returns the message already made instead of a
            // duplicate: a retry of this call, and a run of the same event after a crash alike.
            Nonce = Nonce(sendOnceKey),
            EnforceNonce = true,
        };
        var sent = await client.SendAsync(
            new DiscordRequest(DiscordRoute.CreateMessage, channelId)
            {
                Body = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.MessagePayload),
                SafeToRetry = true,
            },
            cancellationToken);
        return sent.Error is { } sendError ? await RememberRefusalAsync(userId, sendError) : DiscordResult.Ok;
    }

    /// <summary>Discord's nonce is at most 25 characters: 144 bits of the key's SHA-256, base64url (24).</summary>
    internal static string Nonce(string sendOnceKey) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(sendOnceKey)).AsSpan(0, 18));

    private async Task<DiscordResult> RememberRefusalAsync(Snowflake userId, DiscordError error)
    {
        if (error.Code == DiscordError.CannotMessageUser)
        {
            await redis.GetDatabase().StringSetAsync(keys.DmClosed(userId.Value), "50007", options.Value.ClosedDirectMessageMemory);
        }

        return DiscordResult.Failed(error);
    }
}
