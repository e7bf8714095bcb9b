using Arrakis.Infrastructure.Discord.Rest;

namespace Arrakis.DiscordSimulator.Tests;

/// <summary>Checklist 33: headers are read leniently, whatever their case, precision or validity.</summary>
public sealed class RateLimitHeadersTests
{
    private static RateLimitHeaders Read(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return RateLimitHeaders.Read(response.Headers);
    }

    [Fact]
    public void Read_DecimalResetAfterAndEpoch_AnyCase()
    {
        var headers = Read(("x-ratelimit-limit", "10"), ("X-RATELIMIT-REMAINING", "9"), ("X-RateLimit-Reset-After", "0.518"),
            ("X-RateLimit-Reset", "1470173023.123"), ("x-ratelimit-bucket", "abcd1234"));

        Assert.True(headers.HasBucketState);
        Assert.Equal(TimeSpan.FromMilliseconds(518), headers.ResetAfter);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1470173023123), headers.Reset);
        Assert.Equal("abcd1234", headers.Bucket);
        Assert.Null(headers.Scope);
    }

    [Fact]
    public void Read_InvalidNumbers_AreIgnored()
    {
        var headers = Read(("X-RateLimit-Limit", "ten"), ("X-RateLimit-Remaining", "-1"), ("X-RateLimit-Reset-After", "NaN"), ("Retry-After", "soon"));

        Assert.Null(headers.Limit);
        Assert.Null(headers.Remaining);
        Assert.Null(headers.ResetAfter);
        Assert.Null(headers.RetryAfter);
        Assert.False(headers.HasBucketState);
    }

    [Fact]
    public void Read_ScopeOnASuccess_AndGlobalFlag()
    {
        var headers = Read(("X-RateLimit-Scope", "User"), ("X-RateLimit-Global", "true"), ("Retry-After", "65"));

        Assert.Equal("user", headers.Scope);
        Assert.True(headers.Global);
        Assert.Equal(TimeSpan.FromSeconds(65), headers.RetryAfter);
    }

    [Fact]
    public void Read_NoHeaders_HasNothing()
    {
        var headers = Read();

        Assert.False(headers.HasAny);
        Assert.False(headers.HasBucketState);
    }
}
