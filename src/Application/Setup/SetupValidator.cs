using Arrakis.Domain.Discord;
using FluentValidation;

namespace Arrakis.Application.Setup;

internal sealed class SetupValidator : AbstractValidator<Setup>
{
    public SetupValidator()
    {
        RuleFor(c => c.Subcommand)
            .Must(s => s is Setup.VerifiedRole or Setup.AutoRole or Setup.Welcome or Setup.Show)
            .WithMessage("Choose one of: verified-role, auto-role, welcome, show.");
        RuleFor(c => c.Role)
            .NotEmpty().WithMessage("Choose the role members get when they verify.")
            .When(c => c.Subcommand == Setup.VerifiedRole);
        RuleFor(c => c.Role)
            .Must(r => Snowflake.TryParse(r, out _)).WithMessage("That is not a role.")
            .When(c => c.Subcommand is Setup.VerifiedRole or Setup.AutoRole && !string.IsNullOrEmpty(c.Role));
        RuleFor(c => c.Message)
            .MaximumLength(1500).WithMessage("A welcome message can be at most 1,500 characters.")
            .When(c => c.Subcommand == Setup.Welcome);
    }
}
