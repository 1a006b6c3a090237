import { describe, expect, it } from "vitest";
import { ApiError, CoordinatorApi } from "./api";

function fakeFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond(url, init);
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

describe("CoordinatorApi", () => {
  it("sends the bearer token and JSON, and tells a new task from an existing one", async () => {
    const { calls, fetchImpl } = fakeFetch((_, init) => json(init.method === "POST" ? 201 : 200, { number: 7, key: "T-7" }));
    const api = new CoordinatorApi(async () => "token-1", "https://api.example", fetchImpl);

    const result = await api.taskFromEmail("p/1", { internetMessageId: "<m>" } as never, { priority: "High" });

    expect(result).toEqual({ value: { number: 7, key: "T-7" }, created: true });
    expect(calls[0]?.url).toBe("https://api.example/api/projects/p%2F1/tasks/from-email");
    expect(new Headers(calls[0]?.init.headers).get("Authorization")).toBe("Bearer token-1");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ email: { internetMessageId: "<m>" }, task: { priority: "High" } });
  });

  it("turns problem details into an ApiError whose message is the detail", async () => {
    const { fetchImpl } = fakeFetch(() => json(403, { title: "Forbidden", status: 403, detail: "Only a project manager can approve." }, "application/problem+json"));
    const api = new CoordinatorApi(async () => "t", "", fetchImpl);

    const error = await api.me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toMatchObject({ status: 403, detail: "Only a project manager can approve." });
  });

  it("explains a failure without a problem body, and an unreachable service", async () => {
    const broken = new CoordinatorApi(null, "", fakeFetch(() => new Response("<html>", { status: 502, statusText: "Bad Gateway" })).fetchImpl);
    const offline = new CoordinatorApi(null, "", (async () => { throw new TypeError("Failed to fetch"); }) as unknown as typeof fetch);

    await expect(broken.config()).rejects.toMatchObject({ problem: { status: 502, detail: "The service answered 502 Bad Gateway." } });
    await expect(offline.config()).rejects.toMatchObject({ problem: { status: 0 } });
  });

  it("sends one Idempotency-Key per action and the same key when it retries after a timeout or a 503", async () => {
    let attempt = 0;
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      attempt++;
      if (attempt === 1) throw new TypeError("network timeout");
      if (attempt === 2) return json(503, { status: 503, detail: "The database is not available right now." }, "application/problem+json");
      return json(201, { id: "c1" });
    }) as unknown as typeof fetch;
    const api = new CoordinatorApi(async () => "t", "", fetchImpl);

    const logged = await api.logCommunication("p1", { summary: "Call" });
    await api.raiseObstacle("p1", { statement: "No venue" });

    expect(logged).toEqual({ id: "c1" });
    const keys = calls.map((c) => new Headers(c.init.headers).get("Idempotency-Key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it("does not retry an action the API refused, nor send a key on reads", async () => {
    const { calls, fetchImpl } = fakeFetch((_, init) =>
      init.method === "POST" ? json(400, { status: 400, detail: "summary is required." }, "application/problem+json") : json(200, { items: [] }));
    const api = new CoordinatorApi(async () => "t", "", fetchImpl);

    await expect(api.logCommunication("p1", { summary: "" })).rejects.toMatchObject({ problem: { status: 400 } });
    await api.projects();

    expect(calls).toHaveLength(2);
    expect(new Headers(calls[1]?.init.headers).get("Idempotency-Key")).toBeNull();
  });

  it("asks for links by message and thread", async () => {
    const { calls, fetchImpl } = fakeFetch(() => json(200, { items: [] }));

    await new CoordinatorApi(async () => "t", "", fetchImpl).links("<a@b>", "conv 1");

    expect(calls[0]?.url).toBe("/api/emails/links?internetMessageId=%3Ca%40b%3E&conversationId=conv+1");
  });
});
