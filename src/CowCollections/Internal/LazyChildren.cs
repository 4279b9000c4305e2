using System;
using System.Threading;

namespace CowCollections.Internal;

/// <summary>
/// The one publication rule of lazily decoded nodes (<c>TrieNode</c>, <c>ChampNode</c>): the first reader
/// decodes the children from the node's source and publishes them; later readers see them published and never
/// decode; the source is dropped once the children are published. A decoder that throws leaves the node lazy
/// (nothing is published, the next reader tries again). Three shapes of storage share the rule:
/// <list type="bullet">
/// <item><see cref="Load{TChildren, TSource}"/>: children held in their own array, published with a
/// compare-and-swap (racing readers decode equal content and one array wins);</item>
/// <item><see cref="Resolve{TResult, TSource}"/>: a stand-in whose one field holds its source, then its result;</item>
/// <item><see cref="Fill{TNode, TSource}"/>: children stored inline in the node, written once under the node's
/// monitor and published by clearing the source (a release write readers check with an acquire read).</item>
/// </list>
/// </summary>
internal static class LazyChildren
{
    public static TChildren Load<TChildren, TSource>(ref TChildren? children, ref TSource? source, Func<TSource, TChildren> decode)
        where TChildren : class
        where TSource : class
    {
        var from = Volatile.Read(ref source);
        var loaded = Volatile.Read(ref children);
        if (loaded is not null || from is null)
        {
            return loaded!;
        }

        var decoded = decode(from);
        var winner = Interlocked.CompareExchange(ref children, decoded, null) ?? decoded;
        Volatile.Write(ref source, null);
        return winner;
    }

    /// <summary>
    /// The same rule for a stand-in resolved as a whole (a CHAMP shell): <paramref name="state"/> holds the source until
    /// the first decoder publishes its result in that same field with a compare-and-swap (racing readers decode equal
    /// content and one result wins); a decoder that throws leaves the source in place.
    /// </summary>
    public static TResult Resolve<TResult, TSource>(ref object? state, Func<TSource, TResult> decode)
        where TResult : class
        where TSource : class
    {
        var current = Volatile.Read(ref state);
        if (current is TResult done)
        {
            return done;
        }

        var decoded = decode((TSource)current!);
        var prior = Interlocked.CompareExchange(ref state, decoded, current);
        return ReferenceEquals(prior, current) ? decoded : (TResult)prior!;
    }

    /// <summary>
    /// Fills <paramref name="node"/> from <paramref name="source"/> once. <paramref name="fill"/> must decode
    /// everything before it writes the first slot, so a decoder that throws leaves the node untouched.
    /// </summary>
    public static void Fill<TNode, TSource>(TNode node, ref TSource? source, Action<TNode, TSource> fill)
        where TNode : class
        where TSource : class
    {
        if (Volatile.Read(ref source) is null)
        {
            return;
        }

        lock (node)
        {
            var from = source;
            if (from is null)
            {
                return;
            }

            fill(node, from);
            Volatile.Write(ref source, null);
        }
    }
}
