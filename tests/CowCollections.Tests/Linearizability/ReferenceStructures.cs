using CowCollections.Linearizability;

namespace CowCollections.Tests.Linearizability;

/// <summary>Runs model operations on real BCL structures, so workloads get outputs independent of the models.</summary>
internal static class ReferenceStructures
{
    public static ListResult<int> Apply(List<int> list, ListOp<int> op)
    {
        bool inRange = op.Index >= 0 && op.Index < list.Count;
        switch (op.Kind)
        {
            case ListOpKind.Add:
                list.Add(op.Value);
                return ListOps.Done<int>();
            case ListOpKind.Insert when op.Index >= 0 && op.Index <= list.Count:
                list.Insert(op.Index, op.Value);
                return ListOps.Done<int>();
            case ListOpKind.RemoveAt when inRange:
                list.RemoveAt(op.Index);
                return ListOps.Done<int>();
            case ListOpKind.Set when inRange:
                list[op.Index] = op.Value;
                return ListOps.Done<int>();
            case ListOpKind.Get when inRange:
                return ListOps.Value(list[op.Index]);
            case ListOpKind.Count:
                return ListOps.OfCount<int>(list.Count);
            case ListOpKind.Snapshot:
                return ListOps.Items(list);
            case ListOpKind.Clear:
                list.Clear();
                return ListOps.Done<int>();
            default:
                return ListOps.OutOfRange<int>();
        }
    }

    public static DictionaryResult<int, int> Apply(Dictionary<int, int> dictionary, DictionaryOp<int, int> op)
    {
        switch (op.Kind)
        {
            case DictionaryOpKind.Set:
                dictionary[op.Key] = op.Value;
                return DictionaryOps.Done<int, int>();
            case DictionaryOpKind.Remove:
                return DictionaryOps.Found<int, int>(dictionary.Remove(op.Key));
            case DictionaryOpKind.TryGet:
                return dictionary.TryGetValue(op.Key, out int v) ? DictionaryOps.Value<int, int>(v) : DictionaryOps.Found<int, int>(false);
            case DictionaryOpKind.ContainsKey:
                return DictionaryOps.Found<int, int>(dictionary.ContainsKey(op.Key));
            case DictionaryOpKind.Count:
                return DictionaryOps.OfCount<int, int>(dictionary.Count);
            default:
                return DictionaryOps.Items<int, int>(dictionary);
        }
    }

    public static SetResult<int> Apply(HashSet<int> set, SetOp<int> op) => op.Kind switch
    {
        SetOpKind.Add => SetOps.Bool<int>(set.Add(op.Value)),
        SetOpKind.Remove => SetOps.Bool<int>(set.Remove(op.Value)),
        SetOpKind.Contains => SetOps.Bool<int>(set.Contains(op.Value)),
        SetOpKind.Count => SetOps.OfCount<int>(set.Count),
        _ => SetOps.Items(set),
    };
}
