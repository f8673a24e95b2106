// A minimal chat screen on the React Native binding, with the customer token supplied by a hidden WebView:
// the cookie grant runs inside the WebView, so the customer's identity lives in the WebView's cookie store
// (as with the official SDK's AuthWebView) and survives app restarts; the SDK only receives tokens.
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Button, FlatList, SafeAreaView, Text, TextInput, View } from 'react-native';
import { WebView, type WebViewMessageEvent } from 'react-native-webview';
import { init, type CustomerSDK, type Event, type TokenProvider } from 'react-native-livechat-customer-sdk';

const LICENSE_ID = 12345;
const CLIENT_ID = 'your-client-id';
// The local emulator (`livechat-emulator --listen 127.0.0.1:8080`; on Android also `adb reverse tcp:8080
// tcp:8080`, since plain http is allowed to loopback only). Production: ACCOUNTS_ORIGIN =
// 'https://accounts.livechatinc.com' and no apiOriginDal.
const ACCOUNTS_ORIGIN = 'http://127.0.0.1:8080';
const API_ORIGIN = 'http://127.0.0.1:8080';

// The page runs on the accounts origin (baseUrl), so its fetch sends and keeps that origin's cookies.
const TOKEN_PAGE = `<script>
window.fetchToken = (id) => fetch('/customer/token', {
  method: 'POST', credentials: 'include', headers: { 'Content-Type': 'text/plain' },
  body: JSON.stringify({ grant_type: 'cookie', response_type: 'token', client_id: '${CLIENT_ID}', license_id: ${LICENSE_ID} }),
}).then((r) => r.json()).then(
  (token) => window.ReactNativeWebView.postMessage(JSON.stringify({ id, token })),
  (e) => window.ReactNativeWebView.postMessage(JSON.stringify({ id, error: String(e) })));
</script>`;

/** A TokenProvider that asks the hidden WebView; `onMessage` settles the pending asks. */
function useWebViewTokens(webView: React.RefObject<WebView | null>) {
  return useMemo(() => {
    const pending = new Map<number, { resolve: (t: any) => void; reject: (e: Error) => void }>();
    let nextId = 0;
    let cached: Promise<any> | undefined; // one token until the SDK invalidates it
    const ask = () =>
      new Promise<any>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        webView.current?.injectJavaScript(`window.fetchToken(${id}); true;`);
      });
    const provider: TokenProvider = {
      getToken: () =>
        (cached ??= ask().then((t) => {
          if (!t.access_token) throw new Error(t.exception_description ?? 'no token');
          // The endpoint's expires_in is in seconds; tokens carry milliseconds.
          return { accessToken: t.access_token, entityId: t.entity_id, expiresIn: t.expires_in * 1000, licenseId: t.license_id };
        })).catch((e) => {
          cached = undefined;
          throw e;
        }),
      invalidate: async () => {
        cached = undefined;
      },
    };
    const onMessage = (e: WebViewMessageEvent) => {
      const { id, token, error } = JSON.parse(e.nativeEvent.data);
      const ask = pending.get(id);
      pending.delete(id);
      if (error) ask?.reject(new Error(error));
      else ask?.resolve(token);
    };
    return { provider, onMessage };
  }, [webView]);
}

export default function App() {
  const webView = useRef<WebView>(null);
  const tokens = useWebViewTokens(webView);
  const [sdk, setSdk] = useState<CustomerSDK>();
  const [chatId, setChatId] = useState<string>();
  const [messages, setMessages] = useState<Event[]>([]);
  const [text, setText] = useState('');

  // Create the SDK once the token page has loaded (its first getToken runs the page's fetchToken).
  const onTokenPageLoaded = () => {
    if (sdk) return;
    const customerSDK = init({
      licenseId: LICENSE_ID,
      clientId: CLIENT_ID,
      tokenProvider: tokens.provider,
      accountsOrigin: ACCOUNTS_ORIGIN,
      apiOriginDal: API_ORIGIN,
    });
    customerSDK.on('incoming_event', ({ event }) => {
      if (event.type === 'message') setMessages((all) => [...all, event]);
    });
    setSdk(customerSDK);
  };
  useEffect(() => () => void sdk?.destroy(), [sdk]);

  const send = async () => {
    if (!sdk || !text) return;
    setText('');
    const event = { type: 'message' as const, text };
    try {
      // Our own events come back as the call's result (incoming_event is for the others').
      if (chatId) {
        const sent = await sdk.sendEvent({ chatId, event });
        setMessages((all) => [...all, sent]);
      } else {
        const chat = await sdk.startChat({ chat: { thread: { events: [event] } } });
        setChatId(chat.id);
        setMessages((all) => [...all, ...(chat.thread?.events ?? [])]);
      }
    } catch (e: any) {
      console.warn(`send failed: ${e.code} ${e.message}`); // CustomerSdkError: code + message
    }
  };

  return (
    <SafeAreaView style={{ flex: 1 }}>
      <View style={{ height: 0, opacity: 0 }}>
        <WebView
          ref={webView}
          source={{ html: TOKEN_PAGE, baseUrl: ACCOUNTS_ORIGIN }}
          sharedCookiesEnabled
          thirdPartyCookiesEnabled
          onLoadEnd={onTokenPageLoaded}
          onMessage={tokens.onMessage}
        />
      </View>
      <FlatList
        data={messages}
        keyExtractor={(m) => m.id}
        renderItem={({ item }) => <Text>{`${item.authorId}: ${item.text}`}</Text>}
      />
      <View style={{ flexDirection: 'row' }}>
        <TextInput style={{ flex: 1 }} value={text} onChangeText={setText} placeholder="Message" />
        <Button title="Send" onPress={send} disabled={!sdk} />
      </View>
    </SafeAreaView>
  );
}
