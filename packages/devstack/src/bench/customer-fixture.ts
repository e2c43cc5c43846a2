/** The account the customer scenarios sign in as and read, registered once per run. */
export interface BenchCustomer {
  email: string;
  password: string;
  accessToken: string;
}

const PASSWORD = 'a bench passphrase, long enough';

/** Registers an account through the API, as a shopper would, and keeps its first access token. */
export async function registerBenchCustomer(apiUrl: string): Promise<BenchCustomer> {
  const email = `bench-${Date.now().toString(36)}@example.com`;
  const response = await fetch(`${apiUrl}/v1/customers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 201) {
    throw new Error(`Registering the bench customer answered ${response.status}: ${await response.text()}`);
  }
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { email, password: PASSWORD, accessToken };
}
