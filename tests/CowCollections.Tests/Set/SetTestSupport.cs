using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections.Tests.Set;

/// <summary>The deep CHAMP invariant check on a set's trie (a set is a trie of <c>(element, ChampUnit)</c> entries).</summary>
internal static class SetCheck
{
    public static void Deep<T>(PersistentHashSet<T> set) =>
        ChampChecker<T, ChampUnit, ChampDefaultGeometry>.Check(set.Root, set.Count, set.EngineComparer);

    public static void Deep<T>(PersistentHashSet<T>.Builder builder) =>
        ChampChecker<T, ChampUnit, ChampDefaultGeometry>.Check(builder.Root, builder.Count, builder.EngineComparer);

    /// <summary>Whether two elements are the same object (reference types) or equal values (value types).</summary>
    public static bool Same<T>(T a, T b) => typeof(T).IsValueType ? EqualityComparer<T>.Default.Equals(a, b) : ReferenceEquals(a, b);
}

/// <summary>Case-insensitive string equality with only eight hash values, so full-hash collisions and collision nodes are common.</summary>
public sealed class CollidingIgnoreCaseComparer : IEqualityComparer<string?>
{
    public static readonly CollidingIgnoreCaseComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(string? obj) => obj is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(obj) & 7;
}

/// <summary>Ordinal string equality with only eight hash values.</summary>
public sealed class CollidingOrdinalComparer : IEqualityComparer<string?>
{
    public static readonly CollidingOrdinalComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string? obj) => obj is null ? 0 : StringComparer.Ordinal.GetHashCode(obj) & 7;
}

/// <summary>An int comparer that counts its calls (Equals and GetHashCode).</summary>
public sealed class CountingIntComparer : IEqualityComparer<int>
{
    public long Calls { get; set; }

    public bool Equals(int x, int y)
    {
        Calls++;
        return x == y;
    }

    public int GetHashCode(int obj)
    {
        Calls++;
        return unchecked(obj * (int)0x9E3779B1);
    }
}
