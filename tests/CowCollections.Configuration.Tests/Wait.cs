using System.Diagnostics;

namespace CowCollections.Configuration.Tests;

/// <summary>Bounded polling: every wait in these tests ends by itself.</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return condition();
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>Fails the test with <paramref name="what"/> unless <paramref name="condition"/> holds within <paramref name="timeout"/>.</summary>
    public static void For(Func<bool> condition, TimeSpan timeout, string what) =>
        Assert.True(Until(condition, timeout), $"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");

    /// <summary>Waits <paramref name="quiet"/> with no assertion, to let late reloads (a provider's second event) arrive.</summary>
    public static void Settle(TimeSpan quiet) => Thread.Sleep(quiet);
}
