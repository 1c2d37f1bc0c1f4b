// A stand-in for the web and mobile frontends: typed calls through the client generated from
// the committed spec. If the contract changes shape, this stops type-checking.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/bangkom";

type Employee = components["schemas"]["EmployeePublic"];
type Problem = components["schemas"]["Problem"];

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });

export async function signIn(username: string, password: string): Promise<string> {
  const { data, error } = await api.POST("/api/v1/auth/token", {
    body: { username, password, grant_type: "password" },
    bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  });
  if (error) throw new Error((error as Problem).detail);
  return data.access_token;
}

export async function teachersOf(unitId: string, token: string): Promise<string[]> {
  const { data, error } = await api.GET("/api/v1/employees", {
    params: { query: { unit_id: unitId, position_type_code: "fungsional", limit: 50 } },
    headers: { Authorization: `Bearer ${token}` },
  });
  if (error) throw new Error(error.detail);
  return data.items.map((item) => `${item.nip} ${item.full_name} (${item.unit.name})`);
}

export async function rename(employee: Employee, etag: string, token: string): Promise<Employee> {
  const { data, error } = await api.PATCH("/api/v1/employees/{employee_id}", {
    params: { path: { employee_id: employee.id }, header: { "if-match": etag } },
    headers: { Authorization: `Bearer ${token}` },
    body: { phone: employee.phone ?? null, back_title: "S.Pd." },
  });
  if (error) throw new Error(`${error.status}: ${error.detail}`);
  return data;
}
