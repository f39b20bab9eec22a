using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CivicTrack.Reliability;

/// <summary>How an endpoint takes its input.</summary>
public enum BodyKind { None, Json, Multipart, File }

/// <summary>A valid request to an endpoint, from which the malformed ones are made.</summary>
public sealed record CorpusSeed(IReadOnlyDictionary<string, string> Route, string? Query, BodyKind Kind, string? Json = null,
    IReadOnlyList<KeyValuePair<string, string>>? Fields = null, string FileField = "file", string FileName = "file.xlsx",
    string FileContentType = "application/octet-stream", byte[]? File = null);

/// <summary>One generated request: its class of malformation (for grouping findings), method, path with query, content type and body.</summary>
public sealed record CorpusInput(string Class, string Method, string Path, string? ContentType, byte[] Body)
{
    public string Describe()
    {
        var text = Body.Length == 0 ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 160));
        var shown = new StringBuilder();
        foreach (var c in text) shown.Append(char.IsControl(c) && c is not ('\r' or '\n') ? $"\\u{(int)c:x4}" : c.ToString());
        var path = Path.Length <= 160 ? Path : Path[..160] + "…";
        return $"{Method} {path} [{ContentType ?? "no content type"}] {Body.Length:N0} bytes: {shown.ToString().Replace("\r\n", "⏎").Replace('\n', '⏎')}{(Body.Length > 160 ? "…" : "")}";
    }
}

/// <summary>Seeded malformed requests for an endpoint: truncated JSON, wrong types, huge numbers (<c>1e999</c>), NaN and
/// Infinity, nulls in arrays, deep nesting, control characters, overlong strings, wrong content types, malformed multipart,
/// damaged workbooks and CSV files, garbage bytes, and odd route and query values.</summary>
public static partial class BadInputCorpus
{
    public static readonly string[] JsonClasses =
        ["truncated JSON", "wrong type", "huge number", "NaN/Infinity", "null", "deep nesting", "control characters", "overlong string",
         "wrong content type", "garbage bytes", "odd structure", "route or query value"];

    public static readonly string[] MultipartClasses =
        ["malformed multipart", "multipart field value", "damaged file", "wrong content type", "garbage bytes", "route or query value"];

    public static readonly string[] FileClasses = ["damaged file", "malformed multipart", "wrong content type", "garbage bytes", "route or query value"];

    public static readonly string[] NoBodyClasses = ["unexpected body", "garbage bytes", "route or query value"];

    public static IReadOnlyList<string> ClassesOf(BodyKind kind) => kind switch
    {
        BodyKind.Json => JsonClasses,
        BodyKind.Multipart => MultipartClasses,
        BodyKind.File => FileClasses,
        _ => NoBodyClasses,
    };

    /// <summary><paramref name="count"/> inputs for the endpoint, every class about equally often.</summary>
    public static IEnumerable<CorpusInput> Generate(string method, string pattern, CorpusSeed seed, int count, int randomSeed)
    {
        var m = new Mutator(randomSeed);
        var classes = ClassesOf(seed.Kind);
        for (var i = 0; i < count; i++)
        {
            var cls = classes[i % classes.Count];
            yield return Make(cls, method, pattern, seed, m);
        }
    }

    private static CorpusInput Make(string cls, string method, string pattern, CorpusSeed seed, Mutator m)
    {
        var path = Path(pattern, seed.Route, seed.Query, null, m);
        switch (cls)
        {
            case "route or query value":
            {
                var (ct, body) = ValidBody(seed);
                return new(cls, method, Path(pattern, seed.Route, seed.Query, m, m), ct, body);
            }
            case "garbage bytes":
                return new(cls, method, path, m.Pick(["application/json", "multipart/form-data; boundary=x", "application/octet-stream", "text/csv", null]), m.RandomBytes(m.Chance(0.1) ? 50_000 : 2_000));
            case "wrong content type":
            {
                var (_, body) = ValidBody(seed);
                return new(cls, method, path, m.Pick(WrongTypes), body);
            }
            case "unexpected body":
                return m.Next(3) switch
                {
                    0 => new(cls, method, path, "application/json", Encoding.UTF8.GetBytes(m.Pick(["{", "null", "[null]", "{\"a\":1e999}", "\"x\"", new string('[', 5000)]))),
                    1 => new(cls, method, path, "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("a=%zz&" + new string('b', 1000) + "=1")),
                    _ => Multipart(cls, method, path, [new("f", "\u0000")], ("file", "x.bin", "application/octet-stream", m.RandomBytes(100)), m, damage: m.Chance(0.5)),
                };
            case "malformed multipart":
            {
                var fields = seed.Fields ?? [];
                return Multipart(cls, method, path, fields, (seed.FileField, seed.FileName, seed.FileContentType, seed.File ?? []), m, damage: true);
            }
            case "multipart field value":
            {
                var fields = (seed.Fields ?? []).Select(f => new KeyValuePair<string, string>(f.Key, m.Chance(0.7) ? m.Pick(OddValues(m)) : f.Value)).ToList();
                if (m.Chance(0.3)) fields.Add(new(m.Pick(["progress", "state", "note", "completedOn", ""]), m.Pick(OddValues(m))));
                return Multipart(cls, method, path, fields, (seed.FileField, m.Pick([seed.FileName, "", "../../etc/passwd", "a\u0000b.xlsx", new string('x', 5000) + ".pdf", "ảnh.PNG"]), seed.FileContentType, seed.File ?? []), m, damage: false);
            }
            case "damaged file":
            {
                var file = DamagedFile(seed.File ?? [], m);
                if (seed.Kind == BodyKind.File && m.Chance(0.6))
                    return new(cls, method, path, m.Pick([seed.FileContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/octet-stream"]), file);
                return Multipart(cls, method, path, seed.Fields ?? [], (seed.FileField, seed.FileName, seed.FileContentType, file), m, damage: false);
            }
            default:
                return JsonCase(cls, method, path, seed.Json ?? "{}", m);
        }
    }

    private static readonly string?[] WrongTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=", null,
         "application/json; charset=utf-16", "application/json; charset=bogus", "text/csv", "image/png", "application/json, text/plain", "*/*"];

    private static (string? ContentType, byte[] Body) ValidBody(CorpusSeed seed) => seed.Kind switch
    {
        BodyKind.Json => ("application/json", Encoding.UTF8.GetBytes(seed.Json ?? "{}")),
        BodyKind.File => (seed.FileContentType, seed.File ?? []),
        BodyKind.Multipart => MultipartBytes(seed.Fields ?? [], (seed.FileField, seed.FileName, seed.FileContentType, seed.File ?? []), "seedboundary"),
        _ => (null, []),
    };

    // ---- JSON ----

    private static CorpusInput JsonCase(string cls, string method, string path, string json, Mutator m)
    {
        const string json_ = "application/json";
        if (cls == "truncated JSON")
            return new(cls, method, path, json_, Encoding.UTF8.GetBytes(json[..m.Next(Math.Max(1, json.Length))]));
        if (cls == "odd structure")
        {
            var text = m.Next(9) switch
            {
                0 => "",
                1 => "[" + json + "]",
                2 => "\"" + json.Replace("\"", "\\\"") + "\"",
                3 => json.Length > 2 ? json[..^1] + ",\"unknownField\":[1,{\"x\":null}]}" : json,
                4 => json.Length > 2 ? "{" + FirstProperty(json) + "," + json[1..] : json,
                5 => "\uFEFF" + json,
                6 => json + json,
                7 => "null",
                _ => "42",
            };
            if (m.Chance(0.15)) return new(cls, method, path, "application/json; charset=utf-16", Encoding.Unicode.GetBytes(json));
            return new(cls, method, path, json_, Encoding.UTF8.GetBytes(text));
        }
        var root = JsonNode.Parse(json);
        var slots = Slots(root).ToList();
        const string Raw = "\u0001RAW\u0001";
        string? raw = null;
        JsonNode? replacement;
        switch (cls)
        {
            case "wrong type":
                replacement = m.Next(7) switch { 0 => 123, 1 => "text", 2 => true, 3 => new JsonObject(), 4 => new JsonArray(), 5 => new JsonArray(1, "2"), _ => new JsonObject { ["a"] = 1 } };
                break;
            case "huge number":
                raw = m.Pick(["1e999", "-1e999", "1e308", "1.7976931348623157e309", "99999999999999999999999999", "-9223372036854775809", "2147483648", "4.9e-325", "-0", "1E400", "0.1e-99999"]);
                replacement = Raw;
                break;
            case "NaN/Infinity":
                if (m.Chance(0.5)) { raw = m.Pick(["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10"]); replacement = Raw; }
                else replacement = m.Pick(["NaN", "Infinity", "-Infinity", "1e999", "∞", " 12 ", "1,5"]);
                break;
            case "null":
                var arrays = slots.Where(s => s.Value is JsonArray).ToList();
                if (arrays.Count > 0 && m.Chance(0.6))
                {
                    var array = (JsonArray)m.Pick(arrays).Value!;
                    if (array.Count > 0 && m.Chance(0.5)) array[m.Next(array.Count)] = null;
                    else array.Add(null);
                    return new(cls, method, path, json_, Encoding.UTF8.GetBytes(root!.ToJsonString()));
                }
                replacement = null;
                break;
            case "deep nesting":
                var depth = m.Pick([64, 65, 200, 1000, 10_000]);
                raw = m.Chance(0.5) ? new string('[', depth) + "1" + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                replacement = Raw;
                break;
            case "control characters":
                if (m.Chance(0.4)) { raw = "\"a" + m.Pick(["\u0000", "\u0001", "\n", "\u001f", "\t"]) + "b\""; replacement = Raw; }
                else if (m.Chance(0.5)) { raw = "\"" + m.Pick(["\\ud800", "\\udfff", "\\ud800\\u0041", "\\u0000"]) + "x\""; replacement = Raw; }
                else replacement = m.Pick(["\u0000", "a\u0000b", "\u202eevil", "\u200b", "\uffff", "\r\n", "<script>", "' OR 1=1 --", "%00", "\u0007"]);
                break;
            case "overlong string":
                replacement = new string(m.Pick(['a', 'đ', '9', ' ']), m.Pick([1_001, 5_000, 100_000, 300_000]));
                break;
            default:
                replacement = "?";
                break;
        }
        if (slots.Count == 0) return new(cls, method, path, json_, Encoding.UTF8.GetBytes(raw ?? replacement?.ToJsonString() ?? "null"));
        var slot = m.Pick(slots);
        slot.Set(replacement);
        var body = root!.ToJsonString();
        if (raw is not null) body = body.Replace("\"" + Raw.Replace("\u0001", "\\u0001") + "\"", raw).Replace(JsonValue.Create(Raw).ToJsonString(), raw);
        return new(cls, method, path, json_, Encoding.UTF8.GetBytes(body));
    }

    private static string FirstProperty(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject;
        var first = node?.FirstOrDefault();
        return first is { } p ? $"\"{p.Key}\":{p.Value?.ToJsonString() ?? "null"}" : "\"x\":1";
    }

    /// <summary>A place in the JSON tree whose value can be replaced (the root included).</summary>
    private sealed record Slot(JsonNode? Value, Action<JsonNode?> Set);

    private static IEnumerable<Slot> Slots(JsonNode? root)
    {
        var stack = new Stack<JsonNode>();
        if (root is not null) stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        var child = o[key];
                        yield return new Slot(child, v => o[key] = v);
                        if (child is not null) stack.Push(child);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        var index = i;
                        var child = a[i];
                        yield return new Slot(child, v => a[index] = v);
                        if (child is not null) stack.Push(child);
                    }
                    break;
            }
        }
    }

    private static string[] OddValues(Mutator m) =>
        ["", "1e999", "NaN", "-1", "101", "2147483648", "abc", "\u0000", new string('9', 400), "2025-02-30", "9999-12-31", "Done", "done;drop", new string('x', 100_000), m.RandomText("0123456789-.,e", 12)];

    // ---- multipart and files ----

    private static CorpusInput Multipart(string cls, string method, string path, IReadOnlyList<KeyValuePair<string, string>> fields,
        (string Field, string Name, string ContentType, byte[] Bytes) file, Mutator m, bool damage)
    {
        var boundary = "b" + m.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
        var (contentType, body) = MultipartBytes(fields, file, boundary);
        if (!damage) return new(cls, method, path, contentType, body);
        var text = Encoding.Latin1.GetString(body);
        switch (m.Next(10))
        {
            case 0: contentType = "multipart/form-data"; break;                                   // no boundary
            case 1: contentType = "multipart/form-data; boundary=other"; break;                     // boundary not in the body
            case 2: text = text[..m.Next(text.Length)]; break;                                       // cut short
            case 3: text = text.Replace("--" + boundary + "--", "", StringComparison.Ordinal); break; // no closing boundary
            case 4: text = text.Replace("Content-Disposition: form-data; ", "Content-Disposition: ", StringComparison.Ordinal); break;
            case 5: text = text.Replace("\r\n\r\n", "\r\n", StringComparison.Ordinal); break;       // headers run into the content
            case 6: text = text.Replace("Content-Disposition", "Content-Disposition: " + new string('x', 20_000) + "\r\nX", StringComparison.Ordinal); break;
            case 7: contentType = $"multipart/form-data; boundary={new string('z', 200)}"; break;
            case 8: text = string.Concat(Enumerable.Repeat(text[..text.LastIndexOf("--" + boundary + "--", StringComparison.Ordinal)], 200)) + "--" + boundary + "--\r\n"; break;
            default: text = text.Replace("name=\"", "name=\"\u0000", StringComparison.Ordinal); break;
        }
        return new(cls, method, path, contentType, Encoding.Latin1.GetBytes(text));
    }

    private static (string ContentType, byte[] Body) MultipartBytes(IReadOnlyList<KeyValuePair<string, string>> fields,
        (string Field, string Name, string ContentType, byte[] Bytes) file, string boundary)
    {
        using var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, value) in fields)
            W($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        if (file.Field.Length > 0)
        {
            W($"--{boundary}\r\nContent-Disposition: form-data; name=\"{file.Field}\"; filename=\"{file.Name}\"\r\nContent-Type: {file.ContentType}\r\n\r\n");
            ms.Write(file.Bytes);
            W("\r\n");
        }
        W($"--{boundary}--\r\n");
        return ($"multipart/form-data; boundary={boundary}", ms.ToArray());
    }

    private static readonly IReadOnlyList<byte[]> Workbooks = XlsxReadPaths.Seeds();

    private static byte[] DamagedFile(byte[] valid, Mutator m) => m.Next(9) switch
    {
        0 => [],
        1 => [0x50, 0x4B, 0x03, 0x04, .. m.RandomBytes(500)],
        2 => m.Mutate(valid.Length > 0 ? valid : m.Pick(Workbooks), [[0x50, 0x4B, 0x03, 0x04], [0xFF, 0xFF, 0xFF, 0xFF]], 3),
        3 => Try(() => XlsxReadPaths.MutateParts(m.Pick(Workbooks), m, ["<", "</x>", "<v>1e999</v>", "&#0;", " r=\"XFD1048577\""], ["<x/>"]), m),
        4 => valid.Length > 0 ? valid[..m.Next(valid.Length)] : m.RandomBytes(100),
        5 => Encoding.UTF8.GetBytes(m.Mutate("code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n08051-99,Thôn Thử,Village,08051,,,,\n",
            ["\"", ",", "\n", "\uFEFF", "\u0000", "1e999", "9999-99-99"], ["x"])),
        6 => [0xEF, 0xBB, 0xBF, 0xFF, 0xFE, .. m.RandomBytes(200)],
        7 => Encoding.UTF8.GetBytes("%PDF-1.4\n" + new string('x', 1000)),
        _ => m.Pick(Workbooks),
    };

    private static byte[] Try(Func<byte[]> make, Mutator m)
    {
        try { return make(); }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException) { return m.RandomBytes(100); }
    }

    // ---- route and query ----

    private static string Path(string pattern, IReadOnlyDictionary<string, string> route, string? query, Mutator? odd, Mutator m)
    {
        var names = RouteParameter().Matches(pattern).Select(x => x.Groups[1].Value).ToList();
        var mutateRoute = odd is not null && names.Count > 0 && (query is null || m.Chance(0.6));
        var victim = mutateRoute ? m.Pick(names) : null;
        var path = RouteParameter().Replace(pattern, x =>
        {
            var name = x.Groups[1].Value;
            var value = route.TryGetValue(name, out var v) ? v : "1";
            if (name == victim)
                // No NUL: servers refuse it in a path before the app sees the request (the in-process test server throws).
                return m.Next(4) == 0 ? m.Pick(["..%2F..%2F", "%", "%zz", "%C0%AF", "%FF"]) : Uri.EscapeDataString(m.Pick(OddRouteValues(m, value)));
            return Uri.EscapeDataString(value);
        });
        var q = query;
        if (odd is not null && !mutateRoute)
        {
            var extra = $"{m.Pick(["asOf", "culture", "limit", "subtree", "x"])}={Uri.EscapeDataString(m.Pick(OddValues(m)))}";
            q = string.IsNullOrEmpty(q) ? extra : q + "&" + extra;
            if (m.Chance(0.2)) q += "&" + m.Pick(["asOf", "asOf=", "culture=xx-INVALID", "%zz=1", "a=%"]);
        }
        return string.IsNullOrEmpty(q) ? path : path + "?" + q;
    }

    private static string[] OddRouteValues(Mutator m, string value) =>
        ["", " ", "0", "-1", "2147483648", "99999999999999999999", "1e999", "NaN", new string('x', 3000), value + "\u0001", "đ", "08051/..", "null", m.Mutate(value, ["-", "Q", "..", "W"], [value], 2)];

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_]\w*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
