using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Support;

/// <summary>
/// Runs FsCheck properties with a seed that is always printed, so any run (green or red) can be replayed:
/// set <c>COW_REPLAY=seed,gamma</c> to the printed pair and run the test again.
/// </summary>
public static class SeededProperty
{
    public static void Check<TInput>(ITestOutputHelper output, Gen<TInput> generator, Action<TInput> property, int tests)
    {
        var (seed, gamma) = Seed();
        output.WriteLine($"FsCheck seed: COW_REPLAY={seed},{gamma} ({tests} tests)");
        var config = Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(seed, gamma);
        try
        {
            Prop.ForAll(Arb.From(generator), property).Check(config);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Property failed; replay with COW_REPLAY={seed},{gamma}.{Environment.NewLine}{e.Message}", e);
        }
    }

    private static (ulong Seed, ulong Gamma) Seed()
    {
        if (Environment.GetEnvironmentVariable("COW_REPLAY") is { Length: > 0 } replay)
        {
            var parts = replay.Split(',');
            return (ulong.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        return ((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64() | 1);
    }
}
