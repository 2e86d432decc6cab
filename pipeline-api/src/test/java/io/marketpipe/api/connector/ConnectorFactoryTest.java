package io.marketpipe.api.connector;

import io.marketpipe.api.model.Instrument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConnectorFactoryTest
{
    @Test
    void ofServesItsTypeAndCreatesOneConnectorPerCall()
    {
        List<String> created = new ArrayList<>();
        ConnectorFactory factory = ConnectorFactory.of("myvenue", (config, context) -> {
            created.add("connector " + (created.size() + 1));
            return new IdleConnector();
        });

        assertEquals("myvenue", factory.type());
        Connector first = factory.create(null, null);
        Connector second = factory.create(null, null);
        assertEquals(List.of("connector 1", "connector 2"), created);
        assertNotSame(first, second);
    }

    @Test
    void ofNamesWhatIsMissing()
    {
        NullPointerException noType = assertThrows(NullPointerException.class, () -> ConnectorFactory.of(null, (config, context) -> new IdleConnector()));
        assertEquals("type is null", noType.getMessage());
        NullPointerException noCreate = assertThrows(NullPointerException.class, () -> ConnectorFactory.of("myvenue", null));
        assertEquals("create is null", noCreate.getMessage());
    }

    private static final class IdleConnector
            implements Connector
    {
        @Override
        public void start() {}

        @Override
        public List<Instrument> instruments()
        {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
