using Arrakis.Domain.Wallets;
using Arrakis.Infrastructure.Wallets;
using Nethereum.Signer;

namespace Arrakis.Infrastructure.Tests.Wallets;

public sealed class NethereumWalletSignaturesTests
{
    private readonly NethereumWalletSignatures _signatures = new();
    private readonly EthECKey _key = EthECKey.GenerateKey();

    private string Sign(string message) => new EthereumMessageSigner().EncodeUTF8AndSign(message, _key);

    private WalletAddress KeyAddress => WalletAddress.TryParse(_key.GetPublicAddress(), out var a) ? a! : throw new InvalidOperationException();

    [Fact]
    public void RecoverSigner_OfARealPersonalSignature_IsTheSignersAddress()
    {
        const string message = "Arrakis wallet verification\nGuild: 1\nUser: 2\nNonce: n\nExpires: 2026-11-27T12:15:00Z";

        Assert.Equal(KeyAddress, _signatures.RecoverSigner(message, Sign(message)));
    }

    [Fact]
    public void RecoverSigner_OfAnotherMessage_IsSomeoneElse()
    {
        var signature = Sign("the challenge");
        Assert.NotEqual(KeyAddress, _signatures.RecoverSigner("a different challenge", signature));
    }

    [Fact]
    public void RecoverSigner_WithoutThe0xPrefix_StillWorks() =>
        Assert.Equal(KeyAddress, _signatures.RecoverSigner("m", Sign("m")[2..]));

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x1234")]
    [InlineData("0x5c3b6a1fababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab")]
    [InlineData("not hex at all, but long enough to be the right length of a signature................................................")]
    public void RecoverSigner_OfAMalformedSignature_IsNull(string signature) =>
        Assert.Null(_signatures.RecoverSigner("m", signature));

    [Fact]
    public void RecoverSigner_OfTheModalSamplesMadeUpSignature_IsNotItsClaimedAddress()
    {
        var sample = Arrakis.Testing.WireFixture.Load("interaction.modal");
        var fields = sample.Body["data"]!["fields"]!;
        Assert.True(WalletAddress.TryParse(fields["address"]!.GetValue<string>(), out var claimed));

        Assert.NotEqual(claimed, _signatures.RecoverSigner("any challenge", fields["signature"]!.GetValue<string>()));
    }
}
