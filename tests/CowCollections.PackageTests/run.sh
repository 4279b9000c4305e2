#!/usr/bin/env bash
# Consumes the packed packages from a local folder feed, as a user would: a fresh console app (copied out of the
# repository, so no repository build settings apply) on net10.0 and on net8.0 (self-contained, with the net8.0
# runtime pack from NuGet, since the machine has only the .NET 10 runtime), then the same app published with
# NativeAOT and run. Usage: run.sh FEED VERSION WORKDIR
set -euo pipefail
feed=$(cd "$1" && pwd)
version=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)

# Packages of this version that an earlier run left in the NuGet cache would be taken instead of the feed's.
cache=$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')
for id in cowcollections cowcollections.extensions cowcollections.segments; do
  rm -rf "$cache/$id/$version"
done

app="$work/consumer"
rm -rf "$app"
mkdir -p "$app"
cp "$here/Consumer/Consumer.csproj" "$here/Consumer/Program.cs" "$app/"
cd "$app"
props=(-p:CowVersion="$version" -p:RestoreAdditionalProjectSources="$feed")

echo "--- net10.0"
dotnet run -c Release -f net10.0 "${props[@]}"

echo "--- net8.0 (self-contained)"
dotnet publish -c Release -f net8.0 -r linux-x64 --self-contained "${props[@]}" -o "$work/consumer-net8" >/dev/null
"$work/consumer-net8/Consumer"

echo "--- NativeAOT (net10.0)"
dotnet publish -c Release -f net10.0 -r linux-x64 -p:PublishAot=true "${props[@]}" -o "$work/consumer-aot" >/dev/null
"$work/consumer-aot/Consumer"
