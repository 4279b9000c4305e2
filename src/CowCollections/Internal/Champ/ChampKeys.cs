using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Hashing and key equality for the CHAMP engine. A <c>null</c> comparer stands for
/// <see cref="EqualityComparer{T}.Default"/> of a value-type key: the calls below are then direct calls the
/// JIT devirtualizes and inlines (the hot lookup loop makes no interface call). For reference-type keys the
/// comparer is never null.
/// </summary>
internal static class ChampKeys<TKey>
{
    /// <summary>The engine's form of <paramref name="comparer"/>: null for the default comparer of a value type.</summary>
    public static IEqualityComparer<TKey>? Normalize(IEqualityComparer<TKey>? comparer)
    {
        comparer ??= EqualityComparer<TKey>.Default;
        return typeof(TKey).IsValueType && ReferenceEquals(comparer, EqualityComparer<TKey>.Default) ? null : comparer;
    }

    /// <summary>The public form of an engine comparer.</summary>
    public static IEqualityComparer<TKey> Public(IEqualityComparer<TKey>? comparer) => comparer ?? EqualityComparer<TKey>.Default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(IEqualityComparer<TKey>? comparer, TKey key)
    {
        if (typeof(TKey).IsValueType && comparer is null)
        {
            return (uint)EqualityComparer<TKey>.Default.GetHashCode(key!);
        }

        // A null (a set's element; dictionary keys never are) hashes to 0 without the comparer, as HashSet<T> does.
        return key is null ? 0u : (uint)comparer!.GetHashCode(key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(IEqualityComparer<TKey>? comparer, TKey x, TKey y)
    {
        if (typeof(TKey).IsValueType && comparer is null)
        {
            return EqualityComparer<TKey>.Default.Equals(x, y);
        }

        return comparer!.Equals(x, y);
    }
}
