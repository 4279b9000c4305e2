using System;
using System.Collections.Generic;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Internal.ChunkedArray;

/// <summary>
/// Deep check of every invariant of <see cref="ChunkedCore{T, G}"/> (and, through
/// <see cref="TrieChecker{T, G}"/>, of the chunk list's trie); run by the tests after every operation.
/// Throws <see cref="InvalidOperationException"/> naming the first broken invariant.
/// </summary>
internal static class ChunkChecker<T, G>
    where G : struct, ITrieGeometry
{
    public static void Check(in ChunkedCore<T, G> core)
    {
        TrieChecker<T[], G>.Check(core.Chunks);
        Require(core.Length >= 0, "negative length");
        int expected = ChunkGeometry<T>.ChunkCount(core.Length);
        Require(core.Chunks.Count == expected, $"{core.Chunks.Count} chunks for length {core.Length} (expected {expected})");
        Require(core.Chunks.Count > 1 || core.Chunks.Root is null, "an array of at most one chunk has a trie");
        Require(core.Chunks.Owner is not null || core.OwnedChunks is null, "owned-chunk bits without a live owner");
        Require(core.Chunks.Owner is not null || !core.Chunks.TailOwned, "a published chunk list has an owned tail");

        var owners = new Dictionary<T[], int>(ReferenceEqualityComparer.Instance);
        int total = 0;
        for (int c = 0; c < core.Chunks.Count; c++)
        {
            var chunk = core.ChunkAt(c);
            Require(chunk is not null, $"chunk {c} is null");
            int want = ChunkGeometry<T>.ChunkLength(c, core.Length);
            Require(chunk!.Length == want, $"chunk {c} holds {chunk.Length} elements (expected {want}: every chunk but the last is full)");
            total += chunk.Length;
            bool owned = core.OwnedChunks is { } bits && (bits[c >> 6] & (1UL << c)) != 0;
            if (owned)
            {
                Require(!ReferenceEquals(chunk, ChunkGeometry<T>.Zero), $"chunk {c} is the shared zero chunk but marked owned");
                owners[chunk] = c;
            }
        }

        Require(total == core.Length, "chunk lengths do not add up to the length");
        if (owners.Count > 0)
        {
            for (int c = 0; c < core.Chunks.Count; c++)
            {
                var chunk = core.ChunkAt(c);
                Require(!owners.TryGetValue(chunk, out int at) || at == c, $"owned chunk {(owners.TryGetValue(chunk, out int a) ? a : -1)} is also referenced at {c}");
            }
        }

        Require(ChunkGeometry<T>.Zero.Length == ChunkGeometry<T>.Size, "the shared zero chunk changed length");
        foreach (var item in ChunkGeometry<T>.Zero)
        {
            Require(EqualityComparer<T>.Default.Equals(item, default!), "the shared zero chunk was written");
        }
    }

    private static void Require(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Chunked array invariant broken: " + invariant);
        }
    }
}
