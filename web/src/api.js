// Thin fetch wrapper: same-origin JSON only. Errors carry a readable message:
// a bad parameter names its field and what the field accepts.
export const ACCEPTS = {
  date_from: "a day written YYYY-MM-DD",
  date_to: "a day written YYYY-MM-DD",
  category: "attack or strike",
  weapon: "a weapon from the list",
  attribution: "claimed, accused, suspected or none",
  min_casualties: "a whole number, 0 or more",
  q: "text of at most 200 characters",
  sort: "a table column, '-' first for descending",
  offset: "a whole number, 0 or more",
  since: "a day (YYYY-MM-DD), a date-time or run:N",
  interval: "day, week or month",
};

export class ApiError extends Error {
  constructor(message, status, fields) {
    super(message);
    this.status = status;
    this.fields = fields || [];
  }
}

// FastAPI's 422 lists {loc, msg}: turned into "date_from: ... (accepts ...)".
export function describe(detail) {
  if (typeof detail === "string") return { text: detail, fields: [] };
  if (Array.isArray(detail)) {
    const fields = [];
    const parts = detail.map((d) => {
      const loc = Array.isArray(d.loc) ? d.loc.filter((p) => p !== "query" && p !== "body" && p !== "path") : [];
      const field = loc.join(".") || "request";
      fields.push(field);
      const given = d.input !== undefined && typeof d.input !== "object" ? ` (given "${d.input}")` : "";
      const accepts = ACCEPTS[field] ? `; it accepts ${ACCEPTS[field]}` : "";
      return `${field}: ${d.msg || "not valid"}${given}${accepts}`;
    });
    return { text: parts.join(" · "), fields };
  }
  return { text: "the server did not say why", fields: [] };
}

export async function getJSON(path, params) {
  const qs = params ? params.toString() : "";
  let res;
  try {
    res = await fetch(qs ? `${path}?${qs}` : path, { headers: { Accept: "application/json" } });
  } catch {
    throw new ApiError("The server cannot be reached (network error).", 0);
  }
  if (!res.ok) {
    let info = { text: res.statusText || "error", fields: [] };
    try {
      info = describe((await res.json()).detail);
    } catch {
      /* not JSON */
    }
    const prefix = res.status === 422 ? "Invalid parameter — " : res.status >= 500 ? "The server failed — " : "";
    throw new ApiError(`${prefix}${info.text}`, res.status, info.fields);
  }
  return res.json();
}

export async function sendJSON(method, path, body, token) {
  const res = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${res.status} ${describe(data.detail).text || res.statusText}`);
  return data;
}
