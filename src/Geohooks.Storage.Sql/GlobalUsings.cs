global using SqlArgs = System.Collections.Generic.Dictionary<string, object?>;
